import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, rememberCsrfToken } from './client';
import type { components } from './generated/schema';
import { ApiError } from './problem';

export type ConsoleSession = components['schemas']['ConsoleSession'];
type ConsoleLogin = components['schemas']['ConsoleLogin'];
type SignUpRequest = components['schemas']['SignUpRequest'];

const SESSION = ['session'] as const;

/** Who the session cookie belongs to (null: logged out). The CSRF token it answers is kept for later changes. */
async function readSession(): Promise<ConsoleSession | null> {
  const session = await call(api.GET('/v1/auth/console/session'));
  if (!session) {
    rememberCsrfToken(null);
    return null;
  }
  return remember(session);
}

function remember(session: ConsoleSession): ConsoleSession {
  rememberCsrfToken(session.csrfToken);
  return session;
}

export function useSession() {
  return useQuery({ queryKey: SESSION, queryFn: readSession, staleTime: Infinity, retry: false });
}

export function useLogIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (login: ConsoleLogin) =>
      remember(await call(api.POST('/v1/auth/console/session', { body: login }))),
    onSuccess: (session) => {
      client.clear();
      client.setQueryData(SESSION, session);
    },
  });
}

export function useSignUp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (request: SignUpRequest) =>
      remember(await call(api.POST('/v1/auth/console/signup', { body: request }))),
    onSuccess: (session) => {
      client.clear();
      client.setQueryData(SESSION, session);
    },
  });
}

export function useLogOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.DELETE('/v1/auth/console/session', { params: { header: {} } })),
    onSettled: () => {
      rememberCsrfToken(null);
      client.clear();
      client.setQueryData(SESSION, null);
    },
  });
}

/** What a 401 on any other call means: the session ended (expired, logged out elsewhere); ask who we are again. */
export function sessionEnded(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

export const SESSION_KEY = SESSION;
