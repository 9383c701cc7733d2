// Loads a CloudFront Function's file under Node.js as CloudFront would run it: the file's own top-level handler, with
// the runtime's 'crypto' (Node's, whose createHmac and digest('hex') the runtime documents alike) and a 'cloudfront'
// module whose key value store holds what the caller gives. Only the two import lines are taken out; nothing else of
// the file is changed.
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';

const IMPORT = /^import\s+(\w+)\s+from\s+'(crypto|cloudfront)';\s*$/gm;

/**
 * @param path   the function's file
 * @param kvs    the key value store's contents ({key: value}); a missing key fails as CloudFront's get() does
 * @param clock  () => milliseconds, the function's Date.now()
 * @returns {handler, checkSession} as the file defines them
 */
export function loadFunction(path, kvs, clock = () => Date.now()) {
    const source = readFileSync(path, 'utf8');
    const imported = [...source.matchAll(IMPORT)].map((m) => m[2]).sort();
    if (imported.join(',') !== 'cloudfront,crypto') {
        throw new Error(path + ' must import crypto and cloudfront, and nothing else, at the top level');
    }
    const cloudfront = {
        kvs: () => ({
            get: async (key) => {
                if (!(key in kvs)) {
                    throw new Error('key not found: ' + key);
                }
                return kvs[key];
            },
        }),
    };
    const fakeDate = { now: clock };
    const body = source.replace(IMPORT, '') + '\nreturn { handler: handler, checkSession: checkSession };';
    // eslint-disable-next-line no-new-func -- the file is a CloudFront Function, not a module
    return new Function('crypto', 'cf', 'Date', body)(crypto, cloudfront, fakeDate);
}

/** A viewer-request event (CloudFront Functions event structure, version 1.0) for a request target. */
export function viewerRequest(target, ip = '198.51.100.7') {
    const url = new URL(target, 'http://edge.invalid');
    const querystring = {};
    for (const [name, value] of url.searchParams) {
        const raw = encodeURIComponent(value);
        if (querystring[name] === undefined) {
            querystring[name] = { value: raw };
        } else {
            const entry = querystring[name];
            entry.multiValue = entry.multiValue || [{ value: entry.value }];
            entry.multiValue.push({ value: raw });
        }
    }
    return {
        version: '1.0',
        context: { eventType: 'viewer-request' },
        viewer: { ip },
        request: { method: 'GET', uri: url.pathname, querystring, headers: {}, cookies: {} },
    };
}
