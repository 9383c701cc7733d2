// The CDN edge's HLS session check (terraform/modules/cdn/hls_token_check.js) against the published vectors the
// node's verifier passes too (HlsSessionVectorsTest), and the request shapes only the edge sees. Run by Maven
// (media-node's pom, exec-maven-plugin) with `node --test`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decide, loadFunction, viewerRequest } from './cloudfront-function.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const FUNCTION = resolve(here, '../../../../terraform/modules/cdn/hls_token_check.js');
const VECTORS = JSON.parse(readFileSync(resolve(here, '../resources/vectors/hls-session-tokens.json'), 'utf8'));
const SEGMENT = 'seg-0123456789abcdef-42.ts';

function at(vector) {
    return loadFunction(FUNCTION, { 'hls-session-secret': vector.secretBase64 }, () => vector.now * 1000);
}

function target(path, domain, token) {
    const query = new URLSearchParams({ vhost: domain });
    if (token !== null) {
        query.set('lp_session', token);
    }
    return path + '?' + query;
}

for (const vector of VECTORS.vectors) {
    test('vector: ' + vector.name, async () => {
        const edge = at(vector);
        assert.equal(edge.checkSession(Buffer.from(vector.secretBase64, 'base64'), vector.domain, vector.app, vector.stream,
            vector.token === null ? undefined : vector.token, vector.now), vector.edge);
        const base = '/' + vector.app + '/' + vector.stream;
        for (const path of [base + '/' + SEGMENT, base + '.m3u8']) {
            if (path.endsWith('.m3u8') && vector.token === null) {
                continue; // a playlist without a session is a player's first request: the node's to check
            }
            const answer = await edge.handler(viewerRequest(target(path, vector.domain, vector.token)));
            if (vector.edge === 'ok') {
                assert.equal(answer.uri, path, 'passed on unchanged');
            } else {
                assert.equal(answer.statusCode, 403, path);
                assert.equal(answer.headers['cache-control'].value, 'no-store');
            }
        }
    });
}

const valid = VECTORS.vectors.find((v) => v.name.startsWith('under a control plane'));

async function answer(path) {
    return at(valid).handler(viewerRequest(path));
}

test('a signed first playlist request goes to the node, which checks the tenant signature', async () => {
    const request = await answer('/live/demo.m3u8?vhost=play.example.com&auth_key=1700000000-0-0-abc');
    assert.equal(request.uri, '/live/demo.m3u8');
});

test('segments without a session, or without the domain they were issued for, are refused', async () => {
    assert.equal((await answer('/live/demo/' + SEGMENT + '?vhost=play.example.com')).statusCode, 403);
    assert.equal((await answer('/live/demo/' + SEGMENT + '?lp_session=' + valid.token)).statusCode, 403);
    assert.equal((await answer('/live/demo/' + SEGMENT + '?domain=play.example.com&lp_session=' + valid.token))
        .statusCode, 403);
});

test('the same parameter twice is refused: node and edge could read different ones', async () => {
    const path = '/live/demo/' + SEGMENT + '?vhost=play.example.com&lp_session=' + valid.token;
    assert.equal((await answer(path)).uri, '/live/demo/' + SEGMENT);
    assert.equal((await answer(path + '&lp_session=' + valid.token)).statusCode, 403);
    assert.equal((await answer(path + '&vhost=play.example.net')).statusCode, 403);
});

test('percent-encoded names and a domain spelled otherwise name the stream the node does', async () => {
    const path = '/%6Cive/d%45mo/' + SEGMENT + '?vhost=PLAY.example.com.&lp_session=' + valid.token;
    assert.equal((await answer(path)).uri, '/%6Cive/d%45mo/' + SEGMENT);
});

test('paths the node serves no HLS on, and names the API never mints, are refused', async () => {
    const query = '?vhost=play.example.com&lp_session=' + valid.token;
    for (const path of ['/live/demo.flv', '/live/demo/seg-7.ts', '/live/demo/seg-0123456789ABCDEF-7.ts',
        '/live/demo/seg-0123456789abcdef-01.ts', '/live/%2e%2e/' + SEGMENT, '/live/a%2Fb/' + SEGMENT,
        '/live/%zz/' + SEGMENT, '/live/demo', '/', '/a/b/c/' + SEGMENT]) {
        assert.equal((await answer(path + query)).statusCode, 403, path);
    }
});

test('without a secret in the key value store the edge answers 503, never lets a request through', async () => {
    const path = '/live/demo/' + SEGMENT + '?vhost=play.example.com&lp_session=' + valid.token;
    for (const kvs of [{}, { 'hls-session-secret': '' }, { 'hls-session-secret': 'c2hvcnQ=' }]) {
        const edge = loadFunction(FUNCTION, kvs, () => valid.now * 1000);
        assert.equal((await edge.handler(viewerRequest(path))).statusCode, 503, JSON.stringify(kvs));
    }
});

const SUFFIX = 'nodes.example.com';
const NODE = '01jeb1n0d3x7k2m9p4r6t8v0wy';

const ROUTING = { 'hls-session-secret': valid.secretBase64, 'node-origin-suffix': SUFFIX, 'node-origin-port': '8081' };

function routing(kvs = ROUTING) {
    return loadFunction(FUNCTION, kvs, () => valid.now * 1000);
}

/** The origin of node {key}: its own name under the suffix, over HTTP on the nodes' port (they have no TLS). */
function nodeOrigin(key) {
    return { domainName: key + '.' + SUFFIX, customOriginConfig: { port: 8081, protocol: 'http' } };
}

test('a path naming a node goes to that node\'s own origin, {node}.{suffix}, path and query unchanged', async () => {
    const query = '?vhost=play.example.com&lp_session=' + valid.token;
    const edge = routing();
    for (const path of ['/_n/' + NODE + '/live/demo/' + SEGMENT, '/_n/' + NODE + '/live/demo.m3u8',
        '/_n/node-2/live/demo.m3u8']) {
        const { answer, origin } = await decide(edge, viewerRequest(path + query));
        assert.equal(answer.uri, path, 'the node sees (and the cache keys on) the path with its node');
        assert.equal(answer.querystring.lp_session.value, valid.token);
        assert.deepEqual(origin, nodeOrigin(path.split('/')[2]), path);
    }
    // A player's first request may name a node too: its signature is still the node's to check.
    const first = await decide(edge, viewerRequest('/_n/' + NODE + '/live/demo.m3u8?vhost=play.example.com&auth_key=1-0-0-a'));
    assert.deepEqual(first.origin, nodeOrigin(NODE));
    assert.equal(edge.originUpdates.length, 4);
});

test('a path naming no node keeps the default origin (any node, through the load balancer)', async () => {
    const edge = routing();
    const query = '?vhost=play.example.com&lp_session=' + valid.token;
    for (const path of ['/live/demo/' + SEGMENT, '/live/demo.m3u8', '/live/demo.m3u8?vhost=play.example.com&auth_key=x']) {
        const { answer, origin } = await decide(edge, viewerRequest(path.includes('?') ? path : path + query));
        assert.equal(answer.statusCode, undefined, path);
        assert.equal(origin, undefined, path);
    }
    assert.deepEqual(edge.originUpdates, []);
});

test('a node part that is not one lower-case DNS label is refused, never made an origin', async () => {
    const edge = routing();
    const query = '?vhost=play.example.com&lp_session=' + valid.token;
    for (const node of ['', 'Node1', 'evil.com', 'a.b', '-x', 'x-', '%61', 'a%2eb', 'a_b', 'x'.repeat(64), 'a:8080',
        'a@b']) {
        const path = '/_n/' + node + '/live/demo/' + SEGMENT;
        const { answer, origin } = await decide(edge, viewerRequest(path + query));
        assert.equal(answer.statusCode, 403, path);
        assert.equal(answer.headers['cache-control'].value, 'no-store');
        assert.equal(origin, undefined, path);
    }
    assert.equal((await decide(edge, viewerRequest('/_n/' + NODE + query))).answer.statusCode, 403, 'no HLS path');
    assert.deepEqual(edge.originUpdates, []);
});

test('a node path is checked like any other: a bad session is refused before any origin is chosen', async () => {
    const edge = routing();
    const path = '/_n/' + NODE + '/live/demo/' + SEGMENT;
    for (const query of ['?vhost=play.example.com', '?vhost=play.example.com&lp_session=' + valid.token + 'x',
        '?vhost=play.example.net&lp_session=' + valid.token]) {
        const { answer, origin } = await decide(edge, viewerRequest(path + query));
        assert.equal(answer.statusCode, 403, query);
        assert.equal(origin, undefined);
    }
    assert.deepEqual(edge.originUpdates, []);
});

test('without a valid node origin suffix and port in the key value store a node path gets 503, never an origin',
    async () => {
        const path = '/_n/' + NODE + '/live/demo/' + SEGMENT + '?vhost=play.example.com&lp_session=' + valid.token;
        const broken = [];
        for (const suffix of [undefined, '', ' ', 'bad/suffix', 'a..b', 'evil.com:8080']) {
            broken.push({ 'node-origin-suffix': suffix, 'node-origin-port': '8081' });
        }
        for (const port of [undefined, '', 'x', '0', '22', '443', '1023', '65536', '8081/x', '08081']) {
            broken.push({ 'node-origin-suffix': SUFFIX, 'node-origin-port': port });
        }
        for (const entries of broken) {
            const kvs = { 'hls-session-secret': valid.secretBase64 };
            for (const [name, value] of Object.entries(entries)) {
                if (value !== undefined) {
                    kvs[name] = value;
                }
            }
            const edge = routing(kvs);
            const { answer, origin } = await decide(edge, viewerRequest(path));
            assert.equal(answer.statusCode, 503, JSON.stringify(entries));
            assert.equal(answer.headers['cache-control'].value, 'no-store');
            assert.equal(origin, undefined);
            // Requests naming no node do not need them.
            const plain = await decide(edge, viewerRequest(path.replace('/_n/' + NODE, '')));
            assert.equal(plain.answer.statusCode, undefined);
        }
        for (const port of ['80', '1024', '65535']) {
            const { origin } = await decide(routing({ ...ROUTING, 'node-origin-port': port }), viewerRequest(path));
            assert.equal(origin.customOriginConfig.port, Number(port));
        }
    });

test('concurrent requests each get their own origin', async () => {
    const edge = routing();
    const query = '?vhost=play.example.com&lp_session=' + valid.token;
    const nodes = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const decisions = await Promise.all(nodes.map((n) => decide(edge, viewerRequest('/_n/' + n + '/live/demo/'
        + SEGMENT + query))));
    assert.deepEqual(decisions.map((d) => d.origin), nodes.map(nodeOrigin));
});

test('the function fits CloudFront Functions\' 10 KB size limit, comments included', () => {
    assert.ok(readFileSync(FUNCTION).length <= 10 * 1024, 'over 10 KB: CloudFront refuses to publish it');
});
