import type { components } from './generated/schema';

export type Problem = components['schemas']['Problem'];

/** An API answer that was not a success: its RFC 7807 problem document (or one made up for a network failure). */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }
}

/** Reads whatever an error answer carried as a problem; a body that is not one still says what the status was. */
export function toProblem(body: unknown, response: Response): Problem {
  if (body && typeof body === 'object' && 'title' in body && 'status' in body) {
    return body as Problem;
  }
  return {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: typeof body === 'string' && body.length > 0 ? body.slice(0, 300) : undefined,
  };
}

/** The lines to show for a problem: its title, its detail when it adds something, then each field's message. */
export function problemLines(problem: Problem): string[] {
  const lines = [problem.title];
  if (problem.detail && problem.detail !== problem.title) {
    lines.push(problem.detail);
  }
  for (const error of problem.errors ?? []) {
    const line = `${error.field}: ${error.message}`;
    if (line !== problem.detail) {
      lines.push(line);
    }
  }
  return lines;
}
