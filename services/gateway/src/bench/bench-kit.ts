// What the gateway benchmarks share: spawning the built services, the load tool (autocannon) with
// the same settings for the gateway and the bare node:http reference, GraphQL calls, medians and
// CPU time per process.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { spawnProcess, type FixtureProcess } from '@pcn/testing';

export interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p99: number; p50: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats?: Record<string, { count: number }>;
  [k: string]: unknown;
}
type Autocannon = (
  opts: Record<string, unknown>,
  cb: (err: unknown, result: AutocannonResult) => void,
) => void;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** Signs calls between the bench's services, as in production. */
export const BENCH_INTERNAL_SECRET = 'Jx4pV9qL2mT7wR1sZ8nC5bK3hF6dG0yA-bench';
export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret';

/** A built service's entry point (`services/<service>/dist/main.js`). */
export const dist = (service: string) =>
  fileURLToPath(new URL(`../../../${service}/dist/main.js`, import.meta.url));

/** Every process a bench launched, stopped together at the end. */
export class Children {
  readonly all: FixtureProcess[] = [];

  launch(command: string, args: string[], env: Record<string, string>): FixtureProcess {
    // `test`, not `production`, which refuses the demo data the benches sign in with; the code
    // paths are the same (NODE_ENV only turns on pretty logs in development).
    const p = spawnProcess(command, args, {
      LOG_LEVEL: 'info',
      NODE_ENV: 'test',
      INTERNAL_SECRET: BENCH_INTERNAL_SECRET,
      ...env,
    });
    this.all.push(p);
    return p;
  }

  async stop(): Promise<void> {
    for (const c of this.all) c.kill('SIGTERM');
    await Promise.all(this.all.map((c) => c.exited));
  }
}

/** The reference: a bare node:http server answering every request with `answer`, as its own process. */
export async function bareServer(
  children: Children,
  answer: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const bare = children.launch(
    process.execPath,
    [fileURLToPath(new URL('./bare-server.js', import.meta.url))],
    { BODY: Buffer.from(answer).toString('base64') },
  );
  const port = Number((await bare.waitForLine(/^listening (\d+)$/))[1]);
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: async () => {
      bare.kill('SIGTERM');
      await bare.exited;
    },
  };
}

export interface Load {
  url: string;
  /** One body for every request, or a body per request (its number, from 1). */
  body: string | ((n: number) => string);
  headers: Record<string, string>;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  seconds?: number;
  /** This many requests, then stop. */
  amount?: number;
  /** Requests per second from all connections (default: as fast as answers come). */
  rate?: number;
  /** Requests in flight per connection (default 1). */
  pipelining?: number;
  /** Each answer, for example to collect the ids it gives back. */
  onResponse?: (status: number, body: string) => void;
}

export function load(l: Load): Promise<AutocannonResult> {
  let n = 0;
  const { body } = l;
  const request: Record<string, unknown> =
    typeof body === 'string'
      ? { method: 'POST', body }
      : {
          method: 'POST',
          setupRequest: (req: Record<string, unknown>) => ({ ...req, body: body((n += 1)) }),
        };
  if (l.onResponse) {
    const on = l.onResponse;
    request.onResponse = (status: number, resBody: string) => on(status, resBody);
  }
  return new Promise((resolve, reject) =>
    autocannon(
      {
        url: l.url,
        headers: { 'content-type': 'application/json', ...l.headers },
        requests: [request],
        connections: l.connections,
        ...(l.amount ? { amount: l.amount } : { duration: l.seconds ?? 5 }),
        ...(l.rate ? { overallRate: l.rate } : {}),
        ...(l.pipelining ? { pipelining: l.pipelining } : {}),
        timeout: 30,
      },
      (err, result) =>
        err ? reject(err instanceof Error ? err : new Error('autocannon failed')) : resolve(result),
    ),
  );
}

export async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, text: await res.text(), cache: res.headers.get('x-cache') };
}

export async function gql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<T> {
  const { text } = await post(url, JSON.stringify({ query, variables }), headers);
  const body = JSON.parse(text) as { data?: T; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2
    ? (sorted[Math.floor(mid)] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** CPU time a process has used so far, in ms (user + system, from /proc; Linux only). */
export async function cpuMs(pid: number | undefined): Promise<number> {
  if (pid === undefined) return NaN;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
/** USER_HZ: 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

/** CPU ms each process spends while `work` runs. */
export async function cpuDuring<R>(
  pids: readonly (number | undefined)[],
  work: () => Promise<R>,
): Promise<{ result: R; cpu: number[] }> {
  const before = await Promise.all(pids.map(cpuMs));
  const result = await work();
  const after = await Promise.all(pids.map(cpuMs));
  return { result, cpu: after.map((a, i) => a - (before[i] ?? NaN)) };
}

/** `--cpu-prof` into `dir` when set. */
export const profileArgs = (dir: string | undefined) =>
  dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
