// Liveplane HLS session check at the CDN edge: a CloudFront Function (runtime cloudfront-js-2.0, viewer request) that
// refuses, before the cache, every HLS segment or media playlist request whose lp_session token the media nodes did
// not issue for that stream, or that has expired. It verifies the token the node issues (media-node
// auth/StreamTokens) with the same secret, the fleet's hlsSessionSecret, and passes the published vectors
// (media-node/src/test/resources/vectors/hls-session-tokens.json) under Node.js (media-node/src/test/js).
//
// What the cdn module must give it:
// - A KeyValueStore associated with the function holding the secret under the key "hls-session-secret": the key's
//   bytes in base64, which is the control plane's LIVEPLANE_HLS_SESSION_SECRET as it is (the snapshot's
//   hlsSessionSecret); for a standalone node's domains file, base64 of that text's UTF-8. No secret is in this code;
//   rotating it is a KVS update. Until the key holds 16 bytes or more every checked request gets 503.
// - Cache policy for the HLS behaviours (path patterns "*.m3u8" and "*.ts"): the cache key is the path and the query
//   string "vhost" only (query strings: whitelist ["vhost"]; no headers, no cookies), so lp_session never splits the
//   cache. Min TTL 0, so the origin's Cache-Control rules: segments "public, max-age=86400, immutable" (their URIs
//   name one publish, /{app}/{stream}/seg-{publish}-{n}.ts, so their bytes never change), playlists
//   "private, no-store" (their URIs carry one viewer's token), refusals and 404s "no-store". Error caching minimum
//   TTL 0 for 403 and 404 (a segment asked for before it is cut must be asked again).
// - Origin request policy: all query strings (the node checks lp_session again on a miss, and the tenant's signature
//   on the first playlist request, which carries no lp_session and which this function lets through).
// - The origin must send every request of one stream to one node (a relaying node cuts its own segments and
//   numbers its own playlists): see media-node/README.md "HLS through a CDN".
//
// Deliberately plain: ES5 statements, the crypto module and Buffer.from (runtime 2.0), no template literals
// (templatefile() would read "${"), so the same file runs under CloudFront and under Node.js for the tests.
import crypto from 'crypto';
import cf from 'cloudfront';

var kvs = cf.kvs();

var SECRET_KEY = 'hls-session-secret';
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
    var route = routeOf(request.uri);
    if (route === null) {
        return refusal(403, 'Forbidden');
    }
    var session = single(request.querystring, SESSION);
    if (route.kind === 'playlist' && session === undefined) {
        // The first request of a player: signed by the tenant's scheme, which only the node knows. Its answer (a
        // master playlist naming this viewer's new session) is private, no-store, so it is never served from cache.
        return request;
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
    return verdict === 'ok' ? request : refusal(403, 'Forbidden');
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
