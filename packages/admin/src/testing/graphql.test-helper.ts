/** What the gateway answers to a GraphQL request. */
export interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** The data of an answer that must have succeeded. */
export function ok<T>(res: GraphQLAnswer<T>): T {
  if (!res.data || res.errors) throw new Error(`expected success: ${JSON.stringify(res.errors)}`);
  return res.data;
}

/** GraphQL over HTTP against one gateway, and demo accounts' sign-in. */
export function graphqlClient(url: string, demoPassword = 'pcn-demo-2026') {
  async function gql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GraphQLAnswer<T>> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLAnswer<T>;
  }

  async function signIn(email: string, password = demoPassword): Promise<string | undefined> {
    const res = await gql<{ signIn: { token: string } }>(
      'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }',
      { e: email, p: password },
    );
    return res.data?.signIn?.token;
  }

  /** Headers of a signed-in account. */
  async function as(email: string, password = demoPassword): Promise<Record<string, string>> {
    const token = await signIn(email, password);
    if (!token) throw new Error(`could not sign in ${email}`);
    return { authorization: `Bearer ${token}` };
  }

  /**
   * A one-article draft of the demo Department of Justice, open for consultation for 30 days;
   * returns its id.
   */
  async function openConsultation(
    editor: Record<string, string>,
    code: string,
    title: string,
  ): Promise<string> {
    const created = ok(
      await gql<{ createDraft: { id: string; version: number } }>(
        'mutation($input: CreateDraftInput!) { createDraft(input: $input) { id version } }',
        {
          input: {
            code,
            documentType: 'provincial_decision',
            agencyId: 'org-so-tu-phap',
            content: {
              title: [{ lang: 'vi', text: title }],
              summary: [{ lang: 'vi', text: title }],
              chapters: [
                {
                  id: 'ch1',
                  number: 'I',
                  title: [{ lang: 'vi', text: 'Chung' }],
                  articles: [
                    {
                      id: 'a1',
                      number: '1',
                      title: [{ lang: 'vi', text: 'Điều 1' }],
                      clauses: [{ id: 'a1c1', number: '1', text: [{ lang: 'vi', text: title }] }],
                    },
                  ],
                },
              ],
            },
          },
        },
        editor,
      ),
    ).createDraft;
    ok(
      await gql(
        'mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { status } }',
        {
          input: {
            id: created.id,
            expectedVersion: created.version,
            opensAt: new Date(Date.now() - 60_000).toISOString(),
            closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
          },
        },
        editor,
      ),
    );
    return created.id;
  }

  return { gql, signIn, as, openConsultation };
}

export type GraphQLClient = ReturnType<typeof graphqlClient>;
