// Liveplane HLS edge check: a CloudFront Function (runtime cloudfront-js-2.0, viewer request). It refuses, before the
// cache, every HLS segment or media playlist request whose lp_session token the media nodes did not issue for that
// stream, or that has expired (the node's auth/StreamTokens, same secret; vectors in
// media-node/src/test/resources/vectors/hls-session-tokens.json, tested under Node.js in media-node/src/test/js).
// And it sends a request whose path names a node, /_n/{node}/..., to that node's own origin, {node}.{suffix}: a
// node relaying a stream cuts its own segments, so a viewer's playlists and segments must all come from the node
// that opened the session, which names itself in the URIs it hands out. The suffix comes from the key value store,
// the key from the path only when it is one DNS label: no request reaches a host outside the suffix.
//
// Key value store: "hls-session-secret" (the secret's bytes in base64, the control plane's
// LIVEPLANE_HLS_SESSION_SECRET; missing or under 16 bytes: 503), "node-origin-suffix" (nodes.{zone}) and
// "node-origin-port" (the nodes' plain HTTP port; they have no TLS of their own); for node paths, either missing or
// invalid: 503. Cache policy, origin settings: terraform/modules/cdn/README.md.
//
// Deliberately plain: ES5 statements, crypto and Buffer.from (runtime 2.0), no template literals (templatefile()
// would read "${"), so the same file runs under CloudFront and under Node.js for the tests.
import crypto from 'crypto';
import cf from 'cloudfront';

var kvs = cf.kvs();

var SECRET_KEY = 'hls-session-secret';
var SUFFIX_KEY = 'node-origin-suffix';
var PORT_KEY = 'node-origin-port';
var PORT = /^[1-9][0-9]{1,4}$/;
var NODE_PATH = /^\/_n\/([^\/]*)(\/.*)$/;
var NODE_KEY = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
var SESSION = 'lp_session';
var DOMAIN = 'vhost';
var PLAYLIST = /^\/([^\/]+)\/([^\/]+)\.m3u8$/;
var SEGMENT = /^\/([^\/]+)\/([^\/]+)\/seg-[0-9a-f]{16}-(0|[1-9][0-9]{0,17})\.ts$/;
var TOKEN = /^([0-9a-f]{1,12})\.([A-Za-z0-9_-]{22})(?:\.([A-Za-z0-9_~-]{1,160}))?$/;
var NAME = /^[A-Za-z0-9_.~-]+$/;
var LABEL = /^[a-z0-9_-]{1,63}$/;
var BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

async function handler(event) {
    var request = event.request;
    var node = nodeOf(request.uri);
    var route = node === null ? null : routeOf(node.path);
    if (route === null) {
        return refusal(403, 'Forbidden');
    }
    var session = single(request.querystring, SESSION);
    if (route.kind === 'playlist' && session === undefined) {
        // The first request of a player: signed by the tenant's scheme, which only the node knows. Its answer (a
        // master playlist naming this viewer's new session) is private, no-store, so it is never served from cache.
        return routed(request, node.key);
    }
    var key;
    try {
        key = Buffer.from(await kvs.get(SECRET_KEY), 'base64');
    } catch (e) {
        key = null;
    }
    if (key === null || key.length < 16) {
        return refusal(503, 'Service Unavailable');
    }
    var domain = single(request.querystring, DOMAIN);
    var verdict = checkSession(key, domain, route.app, route.stream, session, Math.floor(Date.now() / 1000));
    return verdict === 'ok' ? routed(request, node.key) : refusal(403, 'Forbidden');
}

// The request, sent to the origin of the node its path names ({key}.{suffix}), or to the default origin (any node)
// when it names none. The cache key keeps the path, so each node's segments are cached apart.
async function routed(request, key) {
    if (key === null) {
        return request;
    }
    var suffix;
    var port;
    try {
        suffix = hostName(await kvs.get(SUFFIX_KEY));
        port = String(await kvs.get(PORT_KEY));
    } catch (e) {
        suffix = null;
    }
    // CloudFront takes origin ports 80, 443 and 1024-65535; 443 is HTTPS's, and node origins speak plain HTTP.
    if (suffix === null || !PORT.test(port) || (port < 1024 && port !== '80') || port > 65535) {
        return refusal(503, 'Service Unavailable');
    }
    cf.updateRequestOrigin({domainName: key + '.' + suffix,
        customOriginConfig: {port: parseInt(port, 10), protocol: 'http'}});
    return request;
}

// {key, path}: the node a path names (null for none) and the path the node serves under it; null when the node
// part is not one lower-case DNS label (the origin's name is built from it).
function nodeOf(uri) {
    var match = NODE_PATH.exec(uri);
    if (match === null) {
        return {key: null, path: uri};
    }
    return NODE_KEY.test(match[1]) ? {key: match[1], path: match[2]} : null;
}

// What the node would decide about a session token for domain/app/stream at nowSeconds, knowing only the secret (its
// bytes, a Buffer):
// 'ok', 'missing', 'malformed', 'forged' or 'expired' (the node also refuses a token of an earlier registration of the
// domains, which the edge cannot know; see the vectors' "registration" verdict).
function checkSession(key, domain, app, stream, token, nowSeconds) {
    if (token === undefined || token === null) {
        return 'missing';
    }
    var parts = TOKEN.exec(token);
    var host = hostName(domain);
    if (parts === null || host === null || !isName(app, 64) || !isName(stream, 128)) {
        return 'malformed';
    }
    var expiry = parts[1];
    var registration = parts[3];
    // The identity, not the spelling (api StreamKey.identity()): lower-case domain/app/stream.
    var identity = (host + '/' + app + '/' + stream).toLowerCase();
    var signed = registration === undefined ? identity + '|' + expiry
        : identity + '|' + registration + '|' + expiry;
    var hex = crypto.createHmac('sha256', key).update(signed).digest('hex');
    // Compared as text, as the node does: the last character has variants that decode to the same 16 bytes.
    if (!sameText(parts[2], base64url(hex.substring(0, 32)))) {
        return 'forged';
    }
    return parseInt(expiry, 16) < nowSeconds ? 'expired' : 'ok';
}

// {kind, app, stream} of an HLS path the node serves, names percent-decoded; null for any other path.
function routeOf(uri) {
    var match = PLAYLIST.exec(uri);
    var kind = 'playlist';
    if (match === null) {
        match = SEGMENT.exec(uri);
        kind = 'segment';
    }
    if (match === null) {
        return null;
    }
    var app = decoded(match[1]);
    var stream = decoded(match[2]);
    return app === null || stream === null ? null : {kind: kind, app: app, stream: stream};
}

// The one value of a query parameter; undefined when absent, null when given more than once (ambiguous: refused).
function single(querystring, name) {
    var entry = querystring === undefined ? undefined : querystring[name];
    if (entry === undefined) {
        return undefined;
    }
    if (entry.multiValue !== undefined && entry.multiValue.length > 1) {
        return null;
    }
    return decoded(entry.value);
}

function decoded(text) {
    try {
        return decodeURIComponent(text);
    } catch (e) {
        return null;
    }
}

// The node's DomainResolver rules: lower case, one trailing dot dropped, labels of letters, digits, '-' and '_'.
function hostName(value) {
    if (typeof value !== 'string') {
        return null;
    }
    var name = value.trim().toLowerCase();
    if (name.charAt(name.length - 1) === '.') {
        name = name.substring(0, name.length - 1);
    }
    if (name.length === 0 || name.length > 253) {
        return null;
    }
    var labels = name.split('.');
    for (var i = 0; i < labels.length; i++) {
        if (!LABEL.test(labels[i])) {
            return null;
        }
    }
    return name;
}

// The API's app and stream names (api/openapi.yaml SignedUrlRequest).
function isName(name, longest) {
    return typeof name === 'string' && name.length <= longest && NAME.test(name) && name !== '.' && name !== '..';
}

function base64url(hex) {
    var bytes = [];
    for (var i = 0; i < hex.length; i += 2) {
        bytes.push(parseInt(hex.substring(i, i + 2), 16));
    }
    var out = '';
    for (var j = 0; j < bytes.length; j += 3) {
        var n = (bytes[j] << 16) | ((j + 1 < bytes.length ? bytes[j + 1] : 0) << 8)
            | (j + 2 < bytes.length ? bytes[j + 2] : 0);
        out += BASE64URL.charAt((n >> 18) & 63) + BASE64URL.charAt((n >> 12) & 63);
        if (j + 1 < bytes.length) {
            out += BASE64URL.charAt((n >> 6) & 63);
        }
        if (j + 2 < bytes.length) {
            out += BASE64URL.charAt(n & 63);
        }
    }
    return out;
}

// Constant time in the length of the expected text.
function sameText(presented, expected) {
    var diff = presented.length ^ expected.length;
    for (var i = 0; i < expected.length; i++) {
        diff |= (i < presented.length ? presented.charCodeAt(i) : 0) ^ expected.charCodeAt(i);
    }
    return diff === 0;
}

function refusal(status, description) {
    return {
        statusCode: status,
        statusDescription: description,
        headers: {'cache-control': {value: 'no-store'}}
    };
}
