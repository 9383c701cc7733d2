// The CDN edge for a local nginx: answers nginx's auth_request subrequests with the CloudFront Function's own verdict
// (terraform/modules/cdn/hls_token_check.js, loaded as CloudFront runs it), so the same JavaScript decides here as at
// CloudFront. 204 lets the request through to the cache; anything else is the status nginx answers the viewer. A 204
// names the origin the function chose in X-Origin (its updateRequestOrigin domainName), empty for the default one:
// nginx proxies to the upstream of that name, as CloudFront would to that origin.
//
//   node edge-auth-server.mjs SECRET_FILE [PORT [NODE_ORIGIN_SUFFIX NODE_ORIGIN_PORT]]
//
// PORT 0 or absent: any free one (prints "listening PORT"). SECRET_FILE holds what the key value store would under
// hls-session-secret: the secret's bytes in base64; NODE_ORIGIN_SUFFIX and NODE_ORIGIN_PORT what it would under
// node-origin-suffix and node-origin-port. nginx's upstream of each node names its port (nodes on one machine each
// have their own), so X-Origin carries the name only.
//
// nginx: location = /_edge { internal; proxy_pass http://127.0.0.1:PORT; proxy_set_header X-Original-URI $request_uri; }
//        auth_request_set $origin $upstream_http_x_origin;
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decide, loadFunction, viewerRequest } from './cloudfront-function.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const [secretFile, port = '0', suffix, nodePort] = process.argv.slice(2);
if (!secretFile) {
    console.error('usage: node edge-auth-server.mjs SECRET_FILE [PORT [NODE_ORIGIN_SUFFIX NODE_ORIGIN_PORT]]');
    process.exit(2);
}
const secret = readFileSync(secretFile, 'utf8').trim();
const store = { 'hls-session-secret': secret };
if (suffix) {
    store['node-origin-suffix'] = suffix;
    store['node-origin-port'] = nodePort;
}
const edge = loadFunction(resolve(here, '../../../../terraform/modules/cdn/hls_token_check.js'), store);

const server = createServer(async (req, res) => {
    const target = req.headers['x-original-uri'];
    let status = 403;
    let origin = '';
    if (target) {
        const decision = await decide(edge, viewerRequest(target, req.headers['x-real-ip']));
        status = decision.answer.statusCode === undefined ? 204 : decision.answer.statusCode;
        origin = decision.origin === undefined ? '' : decision.origin.domainName;
    }
    res.writeHead(status, { 'content-length': '0', 'x-origin': origin });
    res.end();
});
server.keepAliveTimeout = 60_000;
server.listen(Number(port), '127.0.0.1', () => console.log('listening ' + server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
