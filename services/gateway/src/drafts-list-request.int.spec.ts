import { draft as pb } from '@pcn/contracts';
import { createLogger, GrpcServer } from '@pcn/platform';
import { tempDir, uniquePrefix, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from './gateway.js';
import { startTestGateway } from './testing/gateway-harness.js';
import { graphqlBody } from './testing/graphql-client.js';

// What the gateway asks the draft service for when it lists drafts: the count and the bodies only
// when the query selects them. A draft service stand-in records each ListDrafts request.

const logger = createLogger({ service: 'test', version: '0', level: 'silent', pretty: false });
let dir: TempDir;
let gateway: Gateway;
let backend: GrpcServer;
const requests: pb.ListDraftsRequest[] = [];

beforeAll(async () => {
  dir = await tempDir();
  backend = new GrpcServer({ logger });
  const impl: Partial<pb.DraftServiceServer> = {
    listDrafts: (call, callback) => {
      requests.push(call.request);
      callback(null, {
        drafts: [
          pb.Draft.fromPartial({
            id: 'd1',
            version: 1,
            code: 'QD-1',
            status: pb.DraftStatus.DRAFT_STATUS_IN_CONSULTATION,
            translations: { vi: pb.TranslationStatus.TRANSLATION_STATUS_APPROVED },
            content: { title: { vi: 'Dự thảo' }, summary: {}, chapters: [] },
            readableLanguages: ['vi'],
          }),
        ],
        nextPageToken: '',
        totalCount: call.request.skipTotalCount ? 0 : 1,
        cursors: ['c1'],
      });
    },
  };
  backend.addService(pb.DraftServiceService, impl as pb.DraftServiceServer);
  const port = await backend.listen('127.0.0.1', 0);
  gateway = await startTestGateway({
    BUS_PREFIX: uniquePrefix('gwlist'),
    SQLITE_FILE: dir.file('gateway.db'),
    DEMO_DATA: 'false',
    PUBLIC_CACHE: 'false',
    DRAFT_GRPC_ADDRESS: `127.0.0.1:${port}`,
  });
});

afterAll(async () => {
  await gateway.lifecycle.shutdown('test done');
  await backend.shutdown(1000);
  await dir.remove();
});

async function ask(query: string, variables: Record<string, unknown> = {}) {
  requests.length = 0;
  const body = await graphqlBody<{ data?: unknown; errors?: unknown }>(
    gateway.url,
    query,
    variables,
  );
  expect(body.errors).toBeUndefined();
  expect(requests).toHaveLength(1);
  const [request] = requests;
  return {
    body,
    count: !request?.skipTotalCount,
    view: request?.view === pb.DraftListView.DRAFT_LIST_VIEW_FULL ? 'full' : 'summary',
  };
}

describe('drafts asks the draft service for what the query selects', () => {
  it('skips the count and the bodies of a list that shows titles', async () => {
    const res = await ask('{ drafts(first: 20) { edges { node { id title status language } } } }');
    expect([res.count, res.view]).toEqual([false, 'summary']);
    expect(res.body).toEqual({
      data: {
        drafts: {
          edges: [
            { node: { id: 'd1', title: 'Dự thảo', status: 'IN_CONSULTATION', language: 'vi' } },
          ],
        },
      },
    });
  });

  it('counts when totalCount is selected, under an alias or in a fragment', async () => {
    expect((await ask('{ drafts { totalCount } }')).count).toBe(true);
    expect((await ask('{ drafts { n: totalCount } }')).count).toBe(true);
    expect(
      (await ask('{ drafts { ...C } } fragment C on DraftConnection { totalCount }')).count,
    ).toBe(true);
  });

  it('loads bodies when chapters are selected, however they are spelled', async () => {
    expect((await ask('{ drafts { edges { node { chapters { id } } } } }')).view).toBe('full');
    expect(
      (await ask('{ drafts { edges { node { ... on Draft { body: chapters { id } } } } } }')).view,
    ).toBe('full');
    expect(
      (
        await ask(
          '{ drafts { edges { ...E } } } fragment E on DraftEdge { node { chapters { title } } }',
        )
      ).view,
    ).toBe('full');
  });

  it('honours @skip and @include', async () => {
    const query =
      'query($c: Boolean!) { drafts { totalCount @include(if: $c) edges { node { id chapters @include(if: $c) { id } } } } }';
    expect(await ask(query, { c: false })).toMatchObject({ count: false, view: 'summary' });
    expect(await ask(query, { c: true })).toMatchObject({ count: true, view: 'full' });
  });
});
