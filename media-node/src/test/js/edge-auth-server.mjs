// The CDN edge for a local nginx: answers nginx's auth_request subrequests with the CloudFront Function's own verdict
// (terraform/modules/cdn/hls_token_check.js, loaded as CloudFront runs it), so the same JavaScript decides here as at
// CloudFront. 204 lets the request through to the cache; anything else is the status nginx answers the viewer.
//
//   node edge-auth-server.mjs SECRET_FILE [PORT]      (PORT 0 or absent: any free one; prints "listening PORT")
//
// SECRET_FILE holds what the key value store would: the secret's bytes in base64.
//
// nginx: location = /_edge { internal; proxy_pass http://127.0.0.1:PORT; proxy_set_header X-Original-URI $request_uri; }
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFunction, viewerRequest } from './cloudfront-function.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const [secretFile, port = '0'] = process.argv.slice(2);
if (!secretFile) {
    console.error('usage: node edge-auth-server.mjs SECRET_FILE [PORT]');
    process.exit(2);
}
const secret = readFileSync(secretFile, 'utf8').trim();
const edge = loadFunction(resolve(here, '../../../../terraform/modules/cdn/hls_token_check.js'),
    { 'hls-session-secret': secret });

const server = createServer(async (req, res) => {
    const target = req.headers['x-original-uri'];
    let status = 403;
    if (target) {
        const answer = await edge.handler(viewerRequest(target, req.headers['x-real-ip']));
        status = answer.statusCode === undefined ? 204 : answer.statusCode;
    }
    res.writeHead(status, { 'content-length': '0' });
    res.end();
});
server.keepAliveTimeout = 60_000;
server.listen(Number(port), '127.0.0.1', () => console.log('listening ' + server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
