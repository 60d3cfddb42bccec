import { DEMO_PASSWORD } from '../identity/demo-data.js';

export const SIGN_IN_MUTATION =
  'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }';

/** A GraphQL error as the gateway answers it, with the extensions tests read. */
export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: {
    code?: string;
    fields?: { path: string; message: string }[];
    rule?: string;
    [name: string]: unknown;
  };
}

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLError[];
}

/** POSTs one GraphQL request to `url` as JSON; `headers` add to (or replace) the content type. */
export function postGraphql(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
}

/** `postGraphql`, its body read as JSON; `T` is the shape the test expects of it. */
export async function graphqlBody<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<T> {
  return (await (await postGraphql(url, query, variables, headers)).json()) as T;
}

/** `graphqlBody` as a GraphQL response, at the gateway `url()` names when called. */
export function graphqlClient(url: () => string) {
  return <T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T>> => graphqlBody(url(), query, variables, headers);
}

/**
 * Signs an account in through the gateway at `url` (with the demo password unless told), and
 * answers the Authorization header of its session; a refused sign-in throws with the errors.
 */
export async function signInHeaders(
  url: string,
  email: string,
  options: { password?: string; headers?: Record<string, string> } = {},
): Promise<Record<string, string>> {
  const body = await graphqlBody<{ data?: { signIn: { token: string } } | null; errors?: unknown }>(
    url,
    SIGN_IN_MUTATION,
    { e: email, p: options.password ?? DEMO_PASSWORD },
    options.headers,
  );
  if (!body.data) throw new Error(`sign-in failed: ${JSON.stringify(body.errors)}`);
  return { authorization: `Bearer ${body.data.signIn.token}` };
}

/** `signInHeaders` at the gateway `url()` names when first asked, each account signed in once. */
export function signInOnce(url: () => string): (email: string) => Promise<Record<string, string>> {
  const sessions = new Map<string, Record<string, string>>();
  return async (email) => {
    const known = sessions.get(email);
    if (known) return known;
    const auth = await signInHeaders(url(), email);
    sessions.set(email, auth);
    return auth;
  };
}
