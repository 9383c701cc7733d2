// Loads a CloudFront Function's file under Node.js as CloudFront would run it: the file's own top-level handler, with
// the runtime's 'crypto' (Node's, whose createHmac and digest('hex') the runtime documents alike) and a 'cloudfront'
// module whose key value store holds what the caller gives and whose updateRequestOrigin records the origin the
// function chose for the request it is handling (decide() reads it). Only the two import lines are taken out;
// nothing else of the file is changed.
import { AsyncLocalStorage } from 'node:async_hooks';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';

const IMPORT = /^import\s+(\w+)\s+from\s+'(crypto|cloudfront)';\s*$/gm;

/**
 * @param path   the function's file
 * @param kvs    the key value store's contents ({key: value}); a missing key fails as CloudFront's get() does
 * @param clock  () => milliseconds, the function's Date.now()
 * @returns {handler, checkSession} as the file defines them, and originUpdates: every updateRequestOrigin argument
 */
export function loadFunction(path, kvs, clock = () => Date.now()) {
    const source = readFileSync(path, 'utf8');
    const imported = [...source.matchAll(IMPORT)].map((m) => m[2]).sort();
    if (imported.join(',') !== 'cloudfront,crypto') {
        throw new Error(path + ' must import crypto and cloudfront, and nothing else, at the top level');
    }
    const originUpdates = [];
    const cloudfront = {
        updateRequestOrigin: (params) => {
            originUpdates.push(params);
            const decision = current.getStore();
            if (decision !== undefined) {
                decision.origin = params;
            }
        },
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
    const loaded = new Function('crypto', 'cf', 'Date', body)(crypto, cloudfront, fakeDate);
    return { ...loaded, originUpdates };
}

/** The request being decided, for updateRequestOrigin: concurrent decisions each record their own. */
const current = new AsyncLocalStorage();

/**
 * Runs the function on one viewer request as CloudFront does.
 *
 * @returns {answer, origin}: what the handler returned (the request, or a response) and the updateRequestOrigin
 *          argument it gave for this request (undefined: the behaviour's default origin)
 */
export async function decide(edge, event) {
    const decision = {};
    const answer = await current.run(decision, () => edge.handler(event));
    return { answer, origin: decision.origin };
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
