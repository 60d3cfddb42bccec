// Drafts list benchmark (a script, not a test): the `drafts` query through the gateway (HTTP →
// gateway → gRPC → draft service → SQLite) against a bare node:http server returning the same
// JSON, with the same load tool (autocannon) and the same connections, side by side in one run.
// The gateway is measured twice: with its public answer cache (the default) and without it.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  freePorts,
  spawnProcess,
  startNatsServer,
  tempDir,
  type FixtureProcess,
} from '@pcn/testing';
import { DEMO_PASSWORD } from '../identity/demo-data.js';

interface AutocannonResult {
  requests: { average: number };
  latency: { p99: number; p50: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (
  opts: Record<string, unknown>,
  cb: (err: unknown, result: AutocannonResult) => void,
) => void;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const CONNECTIONS = Number(process.argv[2] ?? 20);
const SECONDS = Number(process.argv[3] ?? 8);
const ROUNDS = Number(process.argv[4] ?? 2);
const DRAFTS = 50;
const QUERY =
  process.env.BENCH_QUERY ??
  '{ drafts(first: 20) { totalCount edges { node { id code title status language consultation { closesAt } } } } }';
// Optional: a body per draft (articles of three clauses), to see what a list pays for bodies.
const ARTICLES = Number(process.env.BENCH_DRAFT_ARTICLES ?? 0);
const bodyOf = (n: number) =>
  n === 0
    ? []
    : [
        {
          id: 'ch1',
          number: 'I',
          title: [{ lang: 'vi', text: 'Quy định chung' }],
          articles: Array.from({ length: n }, (_, a) => ({
            id: `a${a}`,
            number: String(a + 1),
            title: [{ lang: 'vi', text: `Điều ${a + 1}` }],
            clauses: Array.from({ length: 3 }, (_, c) => ({
              id: `a${a}c${c}`,
              number: String(c + 1),
              text: [{ lang: 'vi', text: 'Giá dịch vụ đò ngang trên địa bàn tỉnh. '.repeat(8) }],
            })),
          })),
        },
      ];
const dist = (service: string) =>
  fileURLToPath(new URL(`../../../${service}/dist/main.js`, import.meta.url));

const children: FixtureProcess[] = [];
function launch(command: string, args: string[], env: Record<string, string>): FixtureProcess {
  // `test`, not `production`, which refuses the demo data the bench signs in with; the code paths
  // are the same (NODE_ENV only turns on pretty logs in development). Calls are signed, as in
  // production.
  const p = spawnProcess(command, args, {
    LOG_LEVEL: 'info',
    NODE_ENV: 'test',
    INTERNAL_SECRET: 'Jx4pV9qL2mT7wR1sZ8nC5bK3hF6dG0yA-bench',
    ...env,
  });
  children.push(p);
  return p;
}

function load(url: string, body: string): Promise<AutocannonResult> {
  return new Promise((resolve, reject) =>
    autocannon(
      {
        url,
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
        connections: CONNECTIONS,
        duration: SECONDS,
      },
      (err, result) =>
        err ? reject(err instanceof Error ? err : new Error('autocannon failed')) : resolve(result),
    ),
  );
}

async function gql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const nats = await startNatsServer();
  const dir = await tempDir('pcn-bench-drafts-');
  try {
    const grpc = await freePorts(1);
    const [cachedPort, uncachedPort] = [await freePorts(1), await freePorts(1)];
    const draft = launch(process.execPath, [dist('draft')], {
      NATS_URL: nats.url,
      SQLITE_FILE: dir.file('draft.db'),
      GRPC_PORT: String(grpc),
    });
    await draft.waitForLine(/gRPC serving/, 30_000);
    const gateway = (port: number, cache: boolean, file: string) =>
      launch(process.execPath, [dist('gateway')], {
        NATS_URL: nats.url,
        SQLITE_FILE: dir.file(file),
        HTTP_PORT: String(port),
        JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
        DEMO_DATA: 'true',
        PUBLIC_CACHE: String(cache),
        RATE_LIMIT_PER_MINUTE: '1000000',
        DRAFT_GRPC_ADDRESS: `127.0.0.1:${grpc}`,
      });
    const cached = gateway(cachedPort, true, 'gw-cached.db');
    const uncached = gateway(uncachedPort, false, 'gw-uncached.db');
    await Promise.all([
      cached.waitForLine(/gateway listening/, 30_000),
      uncached.waitForLine(/gateway listening/, 30_000),
    ]);
    const cachedUrl = `http://127.0.0.1:${cachedPort}/graphql`;
    const uncachedUrl = `http://127.0.0.1:${uncachedPort}/graphql`;

    // Data: public drafts in consultation, as the portal lists them.
    const { signIn } = await gql<{ signIn: { token: string } }>(
      uncachedUrl,
      'mutation($p: String!) { signIn(email: "editor.stp@demo.pcn.vn", password: $p) { token } }',
      { p: DEMO_PASSWORD },
    );
    const auth = { authorization: `Bearer ${signIn.token}` };
    for (let i = 0; i < DRAFTS; i++) {
      const { createDraft } = await gql<{ createDraft: { id: string; version: number } }>(
        uncachedUrl,
        'mutation($input: CreateDraftInput!) { createDraft(input: $input) { id version } }',
        {
          input: {
            code: `QD-BENCH-${i}`,
            documentType: 'provincial_decision',
            agencyId: 'org-so-tu-phap',
            content: {
              title: [{ lang: 'vi', text: `Dự thảo Quyết định số ${i} về giá dịch vụ` }],
              chapters: bodyOf(ARTICLES),
            },
            target: { unitIds: ['lc-xa-y-ty'] },
          },
        },
        auth,
      );
      await gql(
        uncachedUrl,
        'mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { id } }',
        {
          input: {
            id: createDraft.id,
            expectedVersion: createDraft.version,
            opensAt: new Date().toISOString(),
            closesAt: new Date(Date.now() + 40 * 86_400_000).toISOString(),
          },
        },
        auth,
      );
    }
    const body = JSON.stringify({ query: QUERY });
    const answer = await (
      await fetch(uncachedUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
    ).text();
    const bare = launch(
      process.execPath,
      [fileURLToPath(new URL('./bare-server.js', import.meta.url))],
      { BODY: Buffer.from(answer).toString('base64') },
    );
    const barePort = Number((await bare.waitForLine(/^listening (\d+)$/))[1]);
    const bareUrl = `http://127.0.0.1:${barePort}/`;
    if (
      (await (
        await fetch(cachedUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        })
      ).text()) !== answer
    )
      throw new Error('the cached gateway answers differently');

    const results: Record<string, { rps: number[]; p99: number[]; failures: number }> = {
      bare: { rps: [], p99: [], failures: 0 },
      cached: { rps: [], p99: [], failures: 0 },
      uncached: { rps: [], p99: [], failures: 0 },
    };
    const targets: [string, string][] = [
      ['bare', bareUrl],
      ['cached', cachedUrl],
      ['uncached', uncachedUrl],
    ];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, url] of targets) {
        const r = await load(url, body);
        const entry = results[name];
        if (!entry) continue;
        entry.rps.push(r.requests.average);
        entry.p99.push(r.latency.p99);
        entry.failures += r.non2xx + r.errors;
        process.stdout.write(
          `round ${round + 1} ${name}: ${r.requests.average.toFixed(0)} req/s, p99 ${r.latency.p99} ms\n`,
        );
      }
    }
    const bareRps = median(results.bare?.rps ?? []);
    console.log(
      `\nDrafts list benchmark: ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds, medians; ${answer.length}-byte answer (20 of ${DRAFTS} drafts)`,
    );
    for (const [name, label] of [
      ['bare', 'bare node:http, same bytes'],
      ['cached', 'gateway, public answer cache'],
      ['uncached', 'gateway → gRPC → draft → SQLite, no cache'],
    ] as const) {
      const r = results[name];
      if (!r) continue;
      const rps = median(r.rps);
      console.log(
        `  ${label}: ${rps.toFixed(0)} req/s, p99 ${median(r.p99)} ms, ratio ${(rps / bareRps).toFixed(2)}${r.failures ? `, ${r.failures} failed` : ''}`,
      );
    }
    console.log('  goal: gateway >= 0.35x bare');
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => c.exited));
    await nats.stop();
    await dir.remove();
  }
}

await main();
