// Feedback intake benchmark (a script, not a test): issue #10's P2, P4 and P7 through the public
// door (HTTP → gateway → gRPC → feedback service → SQLite commit with its outbox row → relay →
// JetStream), with the built draft, feedback and gateway services as their own processes. Ratios
// are measured against a bare node:http server returning the same bytes, with the same load tool
// (autocannon) and connections, side by side in one run; CPU per request is read from /proc.
//
//   npm run bench:feedback -- [parts]       parts: p2,p4,p7 (default all; run.mjs also adds
//                                           duplicates and report, see infra/bench/run.mjs;
//                                           BENCH_QUICK=1 there sizes every part down)
//   BENCH_SECONDS=5            seconds per P2 and P4 run
//   BENCH_ROUNDS=2             rounds of P2 and P4 (medians)
//   BENCH_CONNECTIONS=10       P2 and single submissions of P4
//   BENCH_IMPORT_CALLS=6       P4: importFeedback calls of BENCH_IMPORT_SIZE (1000) per round
//   BENCH_BURST=100000         P7: submissions offered ...
//   BENCH_BURST_SECONDS=10     ... in this many seconds ...
//   BENCH_BURST_CONNECTIONS=50 ... from this many connections
//   BENCH_BURST_PIPELINING=1   requests in flight per burst connection
//   BENCH_RATE_LIMIT=1000000   the gateway's RATE_LIMIT_PER_MINUTE (per client; default 600 in
//                              production: one partner key would be refused almost everything)
//   BENCH_PROFILE_DIR=/tmp/prof  the gateway and the feedback service run with --cpu-prof there
import { loadavg } from 'node:os';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { openStore, type CollectionSpec, type Store } from '@pcn/storage';
import { freePorts, startNatsServer, tempDir, waitFor } from '@pcn/testing';
import { DEMO_PARTNER_API_KEY, DEMO_PASSWORD } from '../identity/demo-data.js';
import {
  BENCH_JWT_SECRET,
  Children,
  bareServer,
  cpuDuring,
  dist,
  gql,
  load,
  median,
  post,
  profileArgs,
} from './bench-kit.js';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const PARTS = (process.argv[2] ?? 'p2,p4,p7').split(',').filter(Boolean);
const SECONDS = num('BENCH_SECONDS', 5);
const ROUNDS = num('BENCH_ROUNDS', 2);
const CONNECTIONS = num('BENCH_CONNECTIONS', 10);
const IMPORT_CALLS = num('BENCH_IMPORT_CALLS', 6);
const IMPORT_SIZE = num('BENCH_IMPORT_SIZE', 1000);
const BURST = num('BENCH_BURST', 100_000);
const BURST_SECONDS = num('BENCH_BURST_SECONDS', 10);
const BURST_CONNECTIONS = num('BENCH_BURST_CONNECTIONS', 50);
const BURST_PIPELINING = num('BENCH_BURST_PIPELINING', 1);
const RATE_LIMIT = num('BENCH_RATE_LIMIT', 1_000_000);
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
/** Goals of issue #10. */
const P2_RATIO_GOAL = 0.05;
const P2_P99_GOAL_MS = 25;
const P4_GOAL = 10;
const DRAIN_GOAL = 1.5;

const SUBMIT =
  'mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { feedbackId receiptCode alreadyKnown } }';
const IMPORT =
  'mutation($input: ImportFeedbackInput!) { importFeedback(input: $input) { accepted alreadyKnown rejected } }';
// The feedback service's own collection specs, from its build (the bench reads its SQLite file as
// the service's crash test does; the gateway does not depend on the service's package).
const { feedbackCollection: FEEDBACK_COLLECTION, feedbackCollections } = (await import(
  new URL('../../../feedback/dist/infra/feedback.collections.js', import.meta.url).href
)) as { feedbackCollection: CollectionSpec; feedbackCollections: CollectionSpec[] };
const FEEDBACK_STREAM = 'FEEDBACK';

const children = new Children();
const run = Date.now().toString(36);
const texts = [
  'Đề nghị giảm giá vé đò ngang cho người cao tuổi và học sinh vùng sâu.',
  'Mức giá 20.000 đồng là quá cao so với thu nhập của bà con ở xã.',
  'Cần quy định rõ thời gian hoạt động của bến đò vào mùa lũ.',
  'Tôi đồng ý với dự thảo, nhưng nên miễn phí cho người khuyết tật.',
];
const comment = (n: number, key: string) => ({
  stance: n % 3 === 0 ? 'SUPPORT' : 'SUGGEST_CHANGE',
  articleId: 'a1',
  text: `${texts[n % texts.length]} (${n})`,
  language: 'vi',
  idempotencyKey: `${key}-${run}-${n}`,
});

interface Network {
  url: string;
  draftId: string;
  partner: Record<string, string>;
  editor: Record<string, string>;
  gatewayPid: number | undefined;
  feedbackPid: number | undefined;
  store: Store;
  jsm: JetStreamManager;
  nc: NatsConnection;
}

async function network(natsUrl: string, file: (name: string) => string): Promise<Network> {
  const [draftPort, feedbackPort, gatewayPort] = [
    await freePorts(1),
    await freePorts(1),
    await freePorts(1),
  ];
  const profile = profileArgs(PROFILE_DIR);
  const draft = children.launch(process.execPath, [dist('draft')], {
    NATS_URL: natsUrl,
    SQLITE_FILE: file('draft.db'),
    GRPC_PORT: String(draftPort),
  });
  const feedback = children.launch(process.execPath, [...profile, dist('feedback')], {
    NATS_URL: natsUrl,
    SQLITE_FILE: file('feedback.db'),
    GRPC_PORT: String(feedbackPort),
  });
  await Promise.all([
    draft.waitForLine(/gRPC serving/, 30_000),
    feedback.waitForLine(/gRPC serving/, 30_000),
  ]);
  const gateway = children.launch(process.execPath, [...profile, dist('gateway')], {
    NATS_URL: natsUrl,
    SQLITE_FILE: file('gateway.db'),
    HTTP_PORT: String(gatewayPort),
    JWT_SECRET: BENCH_JWT_SECRET,
    TOKEN_TTL_SECONDS: '7200',
    DEMO_DATA: 'true',
    RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
    DRAFT_GRPC_ADDRESS: `127.0.0.1:${draftPort}`,
    FEEDBACK_GRPC_ADDRESS: `127.0.0.1:${feedbackPort}`,
  });
  await gateway.waitForLine(/gateway listening/, 30_000);
  if (PROFILE_DIR)
    console.log(
      `profiles: feedback service pid ${feedback.child.pid}, gateway pid ${gateway.child.pid}`,
    );
  const url = `http://127.0.0.1:${gatewayPort}/graphql`;
  const token = async (email: string) =>
    (
      await gql<{ signIn: { token: string } }>(
        url,
        'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }',
        { e: email, p: DEMO_PASSWORD },
      )
    ).signIn.token;
  const editor = { authorization: `Bearer ${await token('editor.stp@demo.pcn.vn')}` };
  const { createDraft } = await gql<{ createDraft: { id: string; version: number } }>(
    url,
    'mutation($input: CreateDraftInput!) { createDraft(input: $input) { id version } }',
    {
      input: {
        code: `QD-FB-BENCH-${run}`,
        documentType: 'provincial_decision',
        agencyId: 'org-so-tu-phap',
        content: {
          title: [{ lang: 'vi', text: 'Dự thảo quy định giá dịch vụ đò ngang' }],
          chapters: [
            {
              id: 'ch1',
              number: 'I',
              title: [{ lang: 'vi', text: 'Quy định chung' }],
              articles: [
                {
                  id: 'a1',
                  number: '1',
                  title: [{ lang: 'vi', text: 'Giá dịch vụ' }],
                  clauses: [
                    { id: 'a1c1', number: '1', text: [{ lang: 'vi', text: 'Giá 20.000 đồng.' }] },
                  ],
                },
              ],
            },
          ],
        },
        target: { unitIds: ['lc-xa-y-ty'] },
      },
    },
    editor,
  );
  await gql(
    url,
    'mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { id } }',
    {
      input: {
        id: createDraft.id,
        expectedVersion: createDraft.version,
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      },
    },
    editor,
  );
  // The feedback service learns the consultation from the draft stream.
  await waitFor(
    async () => {
      try {
        await gql(
          url,
          IMPORT,
          { input: { draftId: createDraft.id, dryRun: true, items: [paperItem(0, 'probe')] } },
          editor,
        );
        return true;
      } catch {
        return false;
      }
    },
    { timeoutMs: 30_000, description: 'the feedback service knowing the consultation' },
  );
  const store = await openStore({ kind: 'sqlite', path: file('feedback.db') });
  await store.migrate(feedbackCollections);
  const nc = await connect({ servers: natsUrl });
  return {
    url,
    draftId: createDraft.id,
    partner: { 'x-api-key': DEMO_PARTNER_API_KEY },
    editor,
    gatewayPid: gateway.child.pid,
    feedbackPid: feedback.child.pid,
    store,
    jsm: await jetstreamManager(nc),
    nc,
  };
}

/** A comment from a paper form, as an officer or editor imports it. */
function paperItem(n: number, key: string) {
  return {
    ...comment(n, key),
    channel: 'PAPER',
    submitter: {
      name: 'Lò Thị B',
      contact: { channel: 'SMS', address: `09${String(10_000_000 + (n % 90_000_000)).slice(-8)}` },
      onBehalfConsent: { given: true, method: 'PAPER_FORM', textVersion: 'form-2026' },
    },
  };
}

const partnerBody = (draftId: string, key: string) => (n: number) =>
  JSON.stringify({
    query: SUBMIT,
    variables: {
      input: { draftId, ...comment(n, key), submitter: { externalRef: `bench-user-${n}` } },
    },
  });

/**
 * Waits until the outbox is empty and the stream holds what the store holds (requests still in
 * flight when the load tool stopped commit meanwhile); the wait in ms.
 */
async function drained(net: Network, timeoutMs = 120_000): Promise<{ ms: number; stored: number }> {
  const started = Date.now();
  const comments = net.store.collection(FEEDBACK_COLLECTION);
  let stored = 0;
  await waitFor(
    async () => {
      stored = await comments.count({ draft_id: net.draftId });
      return (
        (await net.store.outbox.stats()).pending === 0 &&
        (await net.jsm.streams.info(FEEDBACK_STREAM)).state.messages >= stored
      );
    },
    { timeoutMs, intervalMs: 20, description: 'the outbox drained onto the FEEDBACK stream' },
  );
  const ms = Date.now() - started;
  // Counted again: requests still in flight when the load tool stopped may have committed since.
  stored = await comments.count({ draft_id: net.draftId });
  return { ms, stored };
}

/** Every FeedbackReceived on the stream: feedbackId → how many times. */
async function streamReceived(net: Network): Promise<Map<string, number>> {
  const { state } = await net.jsm.streams.info(FEEDBACK_STREAM);
  const seen = new Map<string, number>();
  if (state.messages === 0) return seen;
  const consumer = await jetstream(net.nc).consumers.get(FEEDBACK_STREAM);
  const messages = await consumer.consume();
  for await (const m of messages) {
    const e = m.json<{ type: string; data: { feedbackId?: string } }>();
    if (e.type === 'pcn.feedback.v1.FeedbackReceived' && e.data.feedbackId)
      seen.set(e.data.feedbackId, (seen.get(e.data.feedbackId) ?? 0) + 1);
    if (m.seq >= state.last_seq) break;
  }
  await messages.close();
  return seen;
}

async function storedIds(net: Network): Promise<Set<string>> {
  const ids = new Set<string>();
  const collection = net.store.collection(FEEDBACK_COLLECTION);
  let after: string | null = null;
  do {
    const page = await collection.find({ filter: { draft_id: net.draftId }, limit: 1000, after });
    for (const d of page.items) ids.add(d.id);
    after = page.nextCursor;
  } while (after);
  return ids;
}

const fmt = (x: number, digits = 0) =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: digits }) : 'n/a';
const load1 = () => loadavg()[0]?.toFixed(2) ?? '?';

interface P2Figures {
  rps: number;
}

async function p2(net: Network): Promise<P2Figures> {
  const body = partnerBody(net.draftId, 'p2');
  const answer = (await post(net.url, body(0), net.partner)).text;
  if (!answer.includes('"feedbackId"')) throw new Error(`P2: ${answer}`);
  const rows: {
    typename: number;
    oneCall: number;
    rps: number;
    bare: number;
    p50: number;
    p99: number;
    gw: number;
    fb: number;
    bad: number;
  }[] = [];
  const loadBefore = load1();
  for (let round = 0; round < ROUNDS; round++) {
    const bare = await bareServer(children, answer);
    const b = await load({
      url: bare.url,
      body: partnerBody(net.draftId, `p2bare${round}`),
      headers: net.partner,
      connections: CONNECTIONS,
      seconds: SECONDS,
    });
    await bare.stop();
    const { result: g, cpu } = await cpuDuring([net.gatewayPid, net.feedbackPid], () =>
      load({
        url: net.url,
        body: partnerBody(net.draftId, `p2r${round}`),
        headers: net.partner,
        connections: CONNECTIONS,
        seconds: SECONDS,
      }),
    );
    // The floor: the same caller's `{ __typename }` through the same gateway (no gRPC, no commit).
    const t = await load({
      url: net.url,
      body: JSON.stringify({ query: '{ __typename }' }),
      headers: net.partner,
      connections: CONNECTIONS,
      seconds: SECONDS,
    });
    // The floor of a backend call: the same caller's own comments by a reference nobody used
    // (never cached: it is the caller's own), so Yoga and one gRPC call with an index read.
    const c = await load({
      url: net.url,
      body: JSON.stringify({
        query: '{ myFeedback(externalRef: "bench-nobody", first: 1) { items { id } } }',
      }),
      headers: net.partner,
      connections: CONNECTIONS,
      seconds: SECONDS,
    });
    if (c.non2xx + c.errors > 0) throw new Error('P2: the one-call floor failed');
    const served = g.requests.total;
    rows.push({
      typename: t.requests.average,
      oneCall: c.requests.average,
      rps: g.requests.average,
      bare: b.requests.average,
      p50: g.latency.p50,
      p99: g.latency.p99,
      gw: ((cpu[0] ?? NaN) * 1000) / served,
      fb: ((cpu[1] ?? NaN) * 1000) / served,
      bad: g.non2xx + g.errors,
    });
    const r = rows.at(-1);
    if (r)
      console.log(
        `P2 round ${round + 1}: ${fmt(r.rps)} req/s (bare ${fmt(r.bare)}), ratio ${(r.rps / r.bare).toFixed(3)} ({ __typename } ${(r.typename / r.bare).toFixed(3)}, one gRPC call ${(r.oneCall / r.bare).toFixed(3)}), p99 ${r.p99} ms, CPU µs/request gateway ${fmt(r.gw)}, feedback ${fmt(r.fb)}`,
      );
  }
  const rps = median(rows.map((r) => r.rps));
  // p99 at half the maximum rate: a fixed request rate, measured on its own.
  const half = Math.max(1, Math.floor(rps / 2));
  const fixed = await load({
    url: net.url,
    body: partnerBody(net.draftId, 'p2half'),
    headers: net.partner,
    connections: CONNECTIONS,
    seconds: SECONDS,
    rate: half,
  });
  const drain = await drained(net);
  const onStream = (await net.jsm.streams.info(FEEDBACK_STREAM)).state.messages;
  const ratios = rows.map((r) => r.rps / r.bare);
  const ratio = median(ratios);
  const p99Half = fixed.latency.p99;
  const bad = rows.reduce((s, r) => s + r.bad, 0) + fixed.non2xx + fixed.errors;
  console.log(
    `\nP2, one comment end to end (partner API key, ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds, medians; load average ${loadBefore} before, ${load1()} after)`,
  );
  console.log(
    '| req/s | bare req/s | ratio (each round) | p50, p99 at max | p50, p99 at half the max rate | CPU µs/request: gateway, feedback | outbox drained | goal |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  const floor = rows.map((r) => r.typename / r.bare);
  console.log(
    `| ${fmt(rps)} | ${fmt(median(rows.map((r) => r.bare)))} | ${ratio.toFixed(3)}× (${ratios.map((x) => x.toFixed(3)).join(', ')}) | ${median(rows.map((r) => r.p50))}, ${median(rows.map((r) => r.p99))} ms | ${fixed.latency.p50}, ${p99Half} ms at ${fmt(fixed.requests.average)} req/s | ${fmt(median(rows.map((r) => r.gw)))}, ${fmt(median(rows.map((r) => r.fb)))} | ${fmt(drain.stored)} stored, ${fmt(onStream)} on the stream, ${fmt(drain.ms)} ms after the last answer | ≥ ${P2_RATIO_GOAL}× ${ratio >= P2_RATIO_GOAL ? 'met' : 'NOT met'}, p99 ≤ ${P2_P99_GOAL_MS} ms ${p99Half <= P2_P99_GOAL_MS ? 'met' : 'NOT met'}${bad ? `; ${bad} failed` : ''} |`,
  );
  const oneCall = rows.map((r) => r.oneCall / r.bare);
  console.log(
    `The same partner's { __typename } through the same gateway (no gRPC and no commit; answered from the public cache), against the same bare runs: ${median(floor).toFixed(3)}× (${floor.map((x) => x.toFixed(3)).join(', ')})`,
  );
  console.log(
    `The same partner's myFeedback of a reference nobody used (Yoga and one gRPC call with an index read; no commit): ${median(oneCall).toFixed(3)}× (${oneCall.map((x) => x.toFixed(3)).join(', ')})`,
  );
  return { rps };
}

async function p4(net: Network): Promise<void> {
  const single = (key: string) => (n: number) =>
    JSON.stringify({
      query: SUBMIT,
      variables: { input: { draftId: net.draftId, ...comment(n, key) } },
    });
  let call = 0;
  const batch = (key: string) => () => {
    call += 1;
    return JSON.stringify({
      query: IMPORT,
      variables: {
        input: {
          draftId: net.draftId,
          items: Array.from({ length: IMPORT_SIZE }, (_, i) =>
            paperItem(call * IMPORT_SIZE + i, key),
          ),
        },
      },
    });
  };
  const rows: { single: number; bulk: number; singleCpu: number; bulkCpu: number; bad: number }[] =
    [];
  const loadBefore = load1();
  for (let round = 0; round < ROUNDS; round++) {
    const pids = [net.gatewayPid, net.feedbackPid];
    const s = await cpuDuring(pids, () =>
      load({
        url: net.url,
        body: single(`p4s${round}`),
        headers: net.editor,
        connections: CONNECTIONS,
        seconds: SECONDS,
      }),
    );
    let accepted = 0;
    const started = performance.now();
    const b = await cpuDuring(pids, () =>
      load({
        url: net.url,
        body: batch(`p4b${round}`),
        headers: net.editor,
        connections: 2,
        amount: IMPORT_CALLS,
        onResponse: (status, text) => {
          if (status === 200)
            accepted +=
              (JSON.parse(text) as { data?: { importFeedback?: { accepted: number } } }).data
                ?.importFeedback?.accepted ?? 0;
        },
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpuSum = (cpu: number[]) => cpu.reduce((x, y) => x + y, 0);
    rows.push({
      single: s.result.requests.average,
      bulk: accepted / seconds,
      singleCpu: (cpuSum(s.cpu) * 1000) / s.result.requests.total,
      bulkCpu: (cpuSum(b.cpu) * 1000) / accepted,
      bad:
        s.result.non2xx +
        s.result.errors +
        b.result.non2xx +
        b.result.errors +
        (IMPORT_CALLS * IMPORT_SIZE - accepted),
    });
    const r = rows.at(-1);
    if (r)
      console.log(
        `P4 round ${round + 1}: single ${fmt(r.single)} comments/s (${fmt(r.singleCpu)} CPU µs each), import ${fmt(r.bulk)} comments/s (${fmt(r.bulkCpu)} CPU µs each), ${(r.bulk / r.single).toFixed(1)}×`,
      );
  }
  const ratios = rows.map((r) => r.bulk / r.single);
  const ratio = median(ratios);
  const bad = rows.reduce((s, r) => s + r.bad, 0);
  console.log(
    `\nP4, bulk import (signed-in editor; single submissions from ${CONNECTIONS} connections for ${SECONDS} s against ${IMPORT_CALLS} importFeedback calls of ${IMPORT_SIZE} from 2 connections; ${ROUNDS} rounds, medians; load average ${loadBefore} before, ${load1()} after)`,
  );
  console.log(
    '| single comments/s | imported comments/s | faster per comment (each round) | CPU µs per comment (gateway + feedback): single, imported (ratio) | goal |',
  );
  console.log('|---|---|---|---|---|');
  console.log(
    `| ${fmt(median(rows.map((r) => r.single)))} | ${fmt(median(rows.map((r) => r.bulk)))} | ${ratio.toFixed(1)}× (${ratios.map((x) => x.toFixed(1)).join(', ')}) | ${fmt(median(rows.map((r) => r.singleCpu)))}, ${fmt(median(rows.map((r) => r.bulkCpu)))} (${(median(rows.map((r) => r.singleCpu)) / median(rows.map((r) => r.bulkCpu))).toFixed(1)}×) | ≥ ${P4_GOAL}× ${ratio >= P4_GOAL ? 'met' : 'NOT met'}${bad ? `; ${bad} failed` : ''} |`,
  );
}

async function p7(net: Network, sustained: number | undefined): Promise<boolean> {
  await drained(net);
  const accepted: string[] = [];
  const statuses = new Map<string, number>();
  const count = (k: string) => statuses.set(k, (statuses.get(k) ?? 0) + 1);
  const loadBefore = load1();
  const started = performance.now();
  const { result: r, cpu } = await cpuDuring([net.gatewayPid, net.feedbackPid], () =>
    load({
      url: net.url,
      body: partnerBody(net.draftId, 'p7'),
      headers: net.partner,
      connections: BURST_CONNECTIONS,
      pipelining: BURST_PIPELINING,
      seconds: BURST_SECONDS,
      rate: BURST / BURST_SECONDS,
      onResponse: (status, text) => {
        if (status !== 200) return count(String(status));
        const body = JSON.parse(text) as {
          data?: { submitFeedback?: { feedbackId: string } | null };
          errors?: { extensions?: { code?: string } }[];
        };
        const id = body.data?.submitFeedback?.feedbackId;
        if (id) {
          accepted.push(id);
          count('accepted');
        } else count(body.errors?.[0]?.extensions?.code ?? 'no id');
      },
    }),
  );
  const answeredSeconds = (performance.now() - started) / 1000;
  const drain = await drained(net, 600_000);
  const drainedSeconds = (performance.now() - started) / 1000;
  const rate = sustained ?? accepted.length / answeredSeconds;
  const allowed = (DRAIN_GOAL * accepted.length) / rate;
  const [stored, onStream] = [await storedIds(net), await streamReceived(net)];
  const missingInStore = accepted.filter((id) => !stored.has(id)).length;
  const notOnceOnStream = accepted.filter((id) => onStream.get(id) !== 1).length;
  const duplicatesOnStream = [...onStream.values()].filter((c) => c > 1).length;
  const unique = new Set(accepted).size;
  const lost = missingInStore + notOnceOnStream + duplicatesOnStream + (accepted.length - unique);
  const offered = r.requests.total + r.errors;
  console.log(
    `\nP7, burst (${fmt(BURST)} offered in ${BURST_SECONDS} s from ${BURST_CONNECTIONS} connections × ${BURST_PIPELINING} in flight, partner API key, rate limit ${fmt(RATE_LIMIT)}/min; load average ${loadBefore} before, ${load1()} after)`,
  );
  console.log(
    '| offered (sent) | answered | accepted | other answers | answered in | p50, p99 | all on the stream after | allowed (1.5 × accepted / sustained rate) | CPU µs/request: gateway, feedback | lost | goal |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  const others = [...statuses].filter(([k]) => k !== 'accepted').map(([k, v]) => `${k}: ${v}`);
  const ok = lost === 0 && drainedSeconds <= allowed;
  console.log(
    `| ${fmt(offered)} | ${fmt(r.requests.total)} | ${fmt(accepted.length)} | ${others.join(', ') || 'none'}${r.errors ? `, ${r.errors} errors/timeouts` : ''} | ${fmt(answeredSeconds, 1)} s | ${r.latency.p50}, ${r.latency.p99} ms | ${fmt(drainedSeconds, 1)} s (outbox empty ${fmt(drain.ms)} ms after the last answer) | ${fmt(allowed, 1)} s at ${fmt(rate)}/s${sustained ? ' (P2)' : ' (this burst)'} | ${fmt(((cpu[0] ?? NaN) * 1000) / r.requests.total)}, ${fmt(((cpu[1] ?? NaN) * 1000) / r.requests.total)} | ${lost} (${missingInStore} not stored, ${notOnceOnStream} not once on the stream, ${duplicatesOnStream} repeated) | nothing lost ${lost === 0 ? 'met' : 'NOT met'}, drained ${drainedSeconds <= allowed ? 'met' : 'NOT met'} |`,
  );
  return ok;
}

async function main(): Promise<void> {
  const nats = await startNatsServer();
  const dir = await tempDir('pcn-bench-feedback-');
  let net: Network | undefined;
  try {
    net = await network(nats.url, (f) => dir.file(f));
    let sustained: number | undefined;
    if (PARTS.includes('p2')) sustained = (await p2(net)).rps;
    if (PARTS.includes('p4')) await p4(net);
    if (PARTS.includes('p7') && !(await p7(net, sustained))) process.exitCode = 1;
  } finally {
    await net?.store.close();
    await net?.nc.drain();
    await children.stop();
    await nats.stop();
    await dir.remove();
  }
}

await main();
