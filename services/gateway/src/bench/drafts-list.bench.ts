// Drafts list benchmark (a script, not a test): every row of issue #8's table (§7), through the
// gateway (HTTP → gateway → gRPC → draft service → SQLite) as anonymous readers, the demo partner
// system (API key) and a signed-in editor, each against a bare node:http server returning the same
// bytes, with the same load tool (autocannon) and the same connections, side by side in one run.
//
//   npm run bench:drafts -- [connections] [seconds] [rounds]
//   BENCH_ROWS=partner-drafts20,editor-drafts20   only these rows
//   BENCH_DRAFT_ARTICLES=30                        each draft gets a body of 30 articles
//   BENCH_PROFILE_DIR=/tmp/prof                    the gateway and the draft service run with
//                                                  --cpu-prof into that folder
import { loadavg } from 'node:os';
import { freePorts, startNatsServer, tempDir } from '@pcn/testing';
import { DEMO_PARTNER_API_KEY, DEMO_PASSWORD } from '../identity/demo-data.js';
import {
  BENCH_JWT_SECRET,
  Children,
  bareServer,
  cpuMs,
  dist,
  load as loadFor,
  median,
  post,
  gql,
  profileArgs,
  type AutocannonResult,
} from './bench-kit.js';

const CONNECTIONS = Number(process.argv[2] ?? 20);
const SECONDS = Number(process.argv[3] ?? 5);
const ROUNDS = Number(process.argv[4] ?? 2);
/** Writes commit one by one on SQLite: fewer connections, as in the issue's measurement. */
const WRITE_CONNECTIONS = 10;
const DRAFTS = 50;
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
const ONLY = process.env.BENCH_ROWS?.split(',').filter(Boolean);
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;

const DRAFTS_20 = '{ drafts(first: 20) { edges { node { id title status } } } }';
const CREATE_DRAFT =
  'mutation($input: CreateDraftInput!) { createDraft(input: $input) { id version } }';

const children = new Children();
const launch = children.launch.bind(children);

interface Load {
  url: string;
  body: string | ((n: number) => string);
  headers: Record<string, string>;
  connections: number;
}
const load = (l: Load): Promise<AutocannonResult> => loadFor({ ...l, seconds: SECONDS });

interface Row {
  name: string;
  label: string;
  url: string;
  body: string | ((n: number) => string);
  headers: Record<string, string>;
  connections: number;
  /** The gateway's answer, served by the bare server for this row. */
  answer: string;
  /** Each request writes (measured after every read). */
  write?: boolean;
  goal?: number;
}

async function main(): Promise<void> {
  const nats = await startNatsServer();
  const dir = await tempDir('pcn-bench-drafts-');
  try {
    const grpc = await freePorts(1);
    const [gatewayPort, uncachedPort] = [await freePorts(1), await freePorts(1)];
    const profile = profileArgs(PROFILE_DIR);
    const draft = launch(process.execPath, [...profile, dist('draft')], {
      NATS_URL: nats.url,
      SQLITE_FILE: dir.file('draft.db'),
      GRPC_PORT: String(grpc),
    });
    await draft.waitForLine(/gRPC serving/, 30_000);
    const gateway = (port: number, cache: boolean, file: string, profiled: boolean) =>
      launch(process.execPath, [...(profiled ? profile : []), dist('gateway')], {
        NATS_URL: nats.url,
        SQLITE_FILE: dir.file(file),
        HTTP_PORT: String(port),
        JWT_SECRET: BENCH_JWT_SECRET,
        TOKEN_TTL_SECONDS: '7200',
        DEMO_DATA: 'true',
        PUBLIC_CACHE: String(cache),
        RATE_LIMIT_PER_MINUTE: '1000000',
        DRAFT_GRPC_ADDRESS: `127.0.0.1:${grpc}`,
      });
    // The gateway as deployed (public answer cache on), and one without the cache for reference.
    const main = gateway(gatewayPort, true, 'gw.db', true);
    const uncached = gateway(uncachedPort, false, 'gw-uncached.db', false);
    await Promise.all([
      main.waitForLine(/gateway listening/, 30_000),
      uncached.waitForLine(/gateway listening/, 30_000),
    ]);
    if (PROFILE_DIR)
      console.log(`profiles: draft service pid ${draft.child.pid}, gateway pid ${main.child.pid}`);
    const url = `http://127.0.0.1:${gatewayPort}/graphql`;
    const uncachedUrl = `http://127.0.0.1:${uncachedPort}/graphql`;

    // Data: public drafts in consultation, as the portal lists them, and one undisclosed draft of
    // the editor's agency, so that the editor's view differs from the public one.
    const { signIn } = await gql<{ signIn: { token: string } }>(
      url,
      'mutation($p: String!) { signIn(email: "editor.stp@demo.pcn.vn", password: $p) { token } }',
      { p: DEMO_PASSWORD },
    );
    const editor = { authorization: `Bearer ${signIn.token}` };
    const partner = { 'x-api-key': DEMO_PARTNER_API_KEY };
    const input = (code: string, publicDisclosure = true) => ({
      input: {
        code,
        documentType: 'provincial_decision',
        agencyId: 'org-so-tu-phap',
        content: {
          title: [{ lang: 'vi', text: `Dự thảo Quyết định ${code} về giá dịch vụ` }],
          chapters: bodyOf(ARTICLES),
        },
        target: { unitIds: ['lc-xa-y-ty'] },
        publicDisclosure,
      },
    });
    for (let i = 0; i < DRAFTS; i++) {
      const { createDraft } = await gql<{ createDraft: { id: string; version: number } }>(
        url,
        CREATE_DRAFT,
        input(`QD-BENCH-${i}`),
        editor,
      );
      await gql(
        url,
        'mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { id } }',
        {
          input: {
            id: createDraft.id,
            expectedVersion: createDraft.version,
            opensAt: new Date().toISOString(),
            closesAt: new Date(Date.now() + 40 * 86_400_000).toISOString(),
          },
        },
        editor,
      );
    }
    await gql(url, CREATE_DRAFT, input('QD-BENCH-INTERNAL', false), editor);

    const q = (query: string) => JSON.stringify({ query });
    const rows: Row[] = [];
    const row = async (r: Omit<Row, 'answer' | 'url'> & { url?: string }) => {
      if (ONLY && !ONLY.includes(r.name)) return;
      const target = r.url ?? url;
      const body = typeof r.body === 'string' ? r.body : r.body(0);
      const answer = (await post(target, body, r.headers)).text;
      if (!answer.startsWith('{"data"')) throw new Error(`${r.name}: ${answer}`);
      rows.push({ ...r, url: target, answer });
    };
    await row({
      name: 'anon-typename',
      label: 'anonymous { __typename } (public cache)',
      body: q('{ __typename }'),
      headers: {},
      connections: CONNECTIONS,
    });
    await row({
      name: 'partner-typename',
      label: 'partner API key { __typename }',
      body: q('{ __typename }'),
      headers: partner,
      connections: CONNECTIONS,
    });
    await row({
      name: 'partner-units',
      label: 'partner API key { units { id } }',
      body: q('{ units { id } }'),
      headers: partner,
      connections: CONNECTIONS,
    });
    await row({
      name: 'partner-drafts1',
      label: 'partner API key drafts(first: 1) { id }',
      body: q('{ drafts(first: 1) { edges { node { id } } } }'),
      headers: partner,
      connections: CONNECTIONS,
    });
    await row({
      name: 'partner-drafts20',
      label: 'partner API key drafts(first: 20)',
      body: q(DRAFTS_20),
      headers: partner,
      connections: CONNECTIONS,
      goal: 0.1,
    });
    await row({
      name: 'anon-drafts20',
      label: 'anonymous drafts(first: 20)',
      body: q(DRAFTS_20),
      headers: {},
      connections: CONNECTIONS,
      goal: 0.35,
    });
    await row({
      name: 'anon-drafts20-nocache',
      label: 'anonymous drafts(first: 20), cache off',
      url: uncachedUrl,
      body: q(DRAFTS_20),
      headers: {},
      connections: CONNECTIONS,
    });
    await row({
      name: 'editor-typename',
      label: 'signed-in editor { __typename } (uncached: Yoga alone)',
      body: q('{ __typename }'),
      headers: editor,
      connections: CONNECTIONS,
    });
    await row({
      // The floor of any backend read: Yoga, then one gRPC call whose service only looks a key up.
      name: 'editor-draft-missing',
      label: 'signed-in editor draft(id) of no draft (uncached: Yoga and one gRPC call)',
      body: q('{ draft(id: "bench-no-such-draft") { id } }'),
      headers: editor,
      connections: CONNECTIONS,
    });
    await row({
      name: 'editor-drafts20',
      label: 'signed-in editor drafts(first: 20) (uncached)',
      body: q(DRAFTS_20),
      headers: editor,
      connections: CONNECTIONS,
      goal: 0.05,
    });
    const run = Date.now().toString(36);
    await row({
      name: 'editor-create',
      label: `signed-in editor createDraft (unique codes, ${WRITE_CONNECTIONS} connections)`,
      body: (n) => JSON.stringify({ query: CREATE_DRAFT, variables: input(`QD-W-${run}-${n}`) }),
      headers: editor,
      connections: WRITE_CONNECTIONS,
      write: true,
    });
    const partnerAnswer = rows.find((r) => r.name === 'partner-drafts20')?.answer;
    const publicAnswer = rows.find((r) => r.name === 'anon-drafts20')?.answer;
    if (partnerAnswer && publicAnswer && partnerAnswer !== publicAnswer)
      throw new Error('the partner and the public see different drafts');

    interface Figures {
      rps: number[];
      bare: number[];
      p99: number[];
      /** CPU µs per request, in the gateway and in the draft service. */
      gatewayCpu: number[];
      draftCpu: number[];
      bad: number;
    }
    const results = new Map<string, Figures>(
      rows.map((r) => [
        r.name,
        { rps: [], bare: [], p99: [], gatewayCpu: [], draftCpu: [], bad: 0 },
      ]),
    );
    const gatewayPid = (r: Row) => (r.url === url ? main.child.pid : uncached.child.pid);
    const loadBefore = loadavg();
    // Reads first, every round; the writes last, so that the drafts they add (internal ones,
    // thousands of them) do not change what the reads measure.
    const phases = [rows.filter((r) => !r.write), rows.filter((r) => r.write)];
    for (const phase of phases)
      for (let round = 0; round < ROUNDS; round++) {
        for (const r of phase) {
          // The reference: a bare server with this row's bytes, measured right before the row.
          const bare = await bareServer(children, r.answer);
          const b = await load({
            url: bare.url,
            body: r.body,
            headers: r.headers,
            connections: r.connections,
          });
          await bare.stop();
          const cpuBefore = [await cpuMs(gatewayPid(r)), await cpuMs(draft.child.pid)];
          const g = await load(r);
          const cpuAfter = [await cpuMs(gatewayPid(r)), await cpuMs(draft.child.pid)];
          const entry = results.get(r.name);
          if (!entry) continue;
          const served = g.requests.average * SECONDS;
          entry.bare.push(b.requests.average);
          entry.rps.push(g.requests.average);
          entry.p99.push(g.latency.p99);
          entry.gatewayCpu.push((((cpuAfter[0] ?? NaN) - (cpuBefore[0] ?? NaN)) * 1000) / served);
          entry.draftCpu.push((((cpuAfter[1] ?? NaN) - (cpuBefore[1] ?? NaN)) * 1000) / served);
          entry.bad += g.non2xx + g.errors;
          process.stdout.write(
            `round ${round + 1} ${r.name}: ${g.requests.average.toFixed(0)} req/s (bare ${b.requests.average.toFixed(0)}), ratio ${(g.requests.average / b.requests.average).toFixed(3)}, p99 ${g.latency.p99} ms, CPU µs/request gateway ${entry.gatewayCpu.at(-1)?.toFixed(0)}, draft ${entry.draftCpu.at(-1)?.toFixed(0)}\n`,
          );
        }
      }
    const loadAfter = loadavg();
    console.log(
      `\nGateway benchmark: ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds, medians; load average ${loadBefore[0]?.toFixed(2)} before, ${loadAfter[0]?.toFixed(2)} after`,
    );
    console.log(
      '| request | req/s | bare req/s | ratio to bare (each round) | p99 ms | CPU µs/request: gateway, draft service | goal |',
    );
    console.log('|---|---|---|---|---|---|---|');
    for (const r of rows) {
      const e = results.get(r.name);
      if (!e) continue;
      const ratios = e.rps.map((x, i) => x / (e.bare[i] ?? NaN));
      const ratio = median(ratios);
      console.log(
        `| ${r.label} | ${median(e.rps).toFixed(0)} | ${median(e.bare).toFixed(0)} | ${ratio.toFixed(3)}× (${ratios.map((x) => x.toFixed(3)).join(', ')}) | ${median(e.p99)} | ${median(e.gatewayCpu).toFixed(0)}, ${median(e.draftCpu).toFixed(0)} | ${r.goal ? `≥ ${r.goal}× ${ratio >= r.goal ? 'met' : 'NOT met'}` : ''}${e.bad ? `, ${e.bad} failed` : ''} |`,
      );
    }
  } finally {
    await children.stop();
    await nats.stop();
    await dir.remove();
  }
}

await main();
