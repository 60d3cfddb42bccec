import type { ServerResponse } from 'node:http';

/** A refusal in GraphQL's error shape, with its code. */
export function problem(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/** Writes a JSON answer. */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
