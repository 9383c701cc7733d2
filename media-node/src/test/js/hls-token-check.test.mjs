// The CDN edge's HLS session check (terraform/modules/cdn/hls_token_check.js) against the published vectors the
// node's verifier passes too (HlsSessionVectorsTest), and the request shapes only the edge sees. Run by Maven
// (media-node's pom, exec-maven-plugin) with `node --test`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadFunction, viewerRequest } from './cloudfront-function.mjs';

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

test('the function fits CloudFront Functions\' 10 KB size limit, comments included', () => {
    assert.ok(readFileSync(FUNCTION).length <= 10 * 1024, 'over 10 KB: CloudFront refuses to publish it');
});
