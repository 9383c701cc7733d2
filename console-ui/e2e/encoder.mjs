// ffmpeg as a broadcaster: OBS's way (the server and the stream key apart) and a test pattern in real time.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';

const PATTERN = ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine',
  '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '50', '-c:a', 'aac', '-f', 'flv'];

/**
 * Pushes as OBS does with its "Server" and "Stream key" fields: it connects to the server (whose app carries the
 * vhost query) and publishes the key as the stream name.
 */
export function pushLikeObs(server, streamKey) {
  const url = new URL(server);
  const app = `${url.pathname.slice(1)}${url.search}`;
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', ...PATTERN, '-rtmp_tcurl', server,
    '-rtmp_app', app, '-rtmp_playpath', streamKey, server];
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-2000); });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, stderr: () => stderr, stop: () => child.kill('SIGKILL') };
}

/**
 * A stream key signed with scheme A (Alibaba-compatible, api/README.md): `{stream}?auth_key={ts}-0-0-{md5}`, md5
 * over `/{app}/{stream}-{ts}-0-0-{key}`, for a stream name the signed-url route would refuse to mint.
 */
export function signedStreamKeyA(app, stream, key) {
  const ts = Math.floor(Date.now() / 1000);
  const hash = createHash('md5').update(`/${app}/${stream}-${ts}-0-0-${key}`).digest('hex');
  return `${stream}?auth_key=${ts}-0-0-${hash}`;
}
