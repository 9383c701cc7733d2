import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './generated/schema';
import { ApiError, toProblem } from './problem';

/**
 * The one typed client of the API, generated from api/openapi.yaml. It sends the session cookie (same origin, set
 * HttpOnly by the control plane, never seen here) and, on every request that may change something, the session's
 * CSRF token, which this module alone keeps in memory.
 */
let csrfToken: string | null = null;

export function rememberCsrfToken(token: string | null): void {
  csrfToken = token;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const csrfHeader: Middleware = {
  onRequest({ request }) {
    if (csrfToken && !SAFE_METHODS.has(request.method)) {
      request.headers.set('X-CSRF-Token', csrfToken);
    }
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrfHeader);

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful answer; any other answer throws an {@link ApiError} carrying its problem document. */
export async function call<T>(request: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await request;
  } catch (failure) {
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, detail: String(failure) });
  }
  if (answer.error !== undefined || !answer.response.ok) {
    throw new ApiError(toProblem(answer.error, answer.response));
  }
  return answer.data as T;
}

/** For routes that also answer CSV (`Accept: text/csv`): ask for the JSON model. */
export const JSON_ONLY = { Accept: 'application/json' };

/** A fresh Idempotency-Key, so that a create retried after a lost answer does not create twice. */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
