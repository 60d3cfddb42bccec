#!/usr/bin/env node
// `npm start`: set up, then run the whole network on the embedded default (SQLite files and a
// local nats-server with JetStream), with each service in its own process. Data lives in
// .pcn/data and survives restarts. Ctrl-C or SIGTERM stops everything within 10 s.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { root, say, setup } from './setup.mjs';

setup();

const dataDir = process.env.PCN_DATA_DIR ?? join(root, '.pcn', 'data');
mkdirSync(join(dataDir, 'nats'), { recursive: true });
const natsPort = Number(process.env.PCN_NATS_PORT ?? 4222);
const httpPort = Number(process.env.PCN_GATEWAY_PORT ?? 4000);
const natsUrl = `nats://127.0.0.1:${natsPort}`;
// nats-server's monitoring port (health, and replica counts for pcn-admin status).
const natsMonitorPort = Number(process.env.PCN_NATS_MONITOR_PORT ?? natsPort + 4000);
const STOP_BUDGET_MS = 9000;

const grpcBase = Number(process.env.PCN_GRPC_BASE_PORT ?? 50051);
// GET /metrics on loopback: the gateway on the base port, the services on the next four.
const metricsBase = Number(process.env.PCN_METRICS_BASE_PORT ?? 9450);
const backends = ['draft', 'outreach', 'feedback', 'notification'].map((name, i) => ({
  name,
  port: grpcBase + i,
  metricsPort: metricsBase + 1 + i,
}));
const colors = {
  nats: 90,
  catcher: 90,
  draft: 36,
  outreach: 35,
  feedback: 33,
  notification: 32,
  gateway: 34,
};
const children = [];
let stopping = false;

function prefixed(name, stream, sink) {
  const label = `\x1b[${colors[name] ?? 37}m${name.padEnd(12)}|\x1b[0m `;
  createInterface({ input: stream }).on('line', (line) => sink.write(`${label}${line}\n`));
}

function launch(name, command, args, env = {}) {
  // Own process group: a terminal's Ctrl-C reaches only this launcher, which then stops the
  // services before nats-server, so they can drain.
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  prefixed(name, child.stdout, process.stdout);
  prefixed(name, child.stderr, process.stderr);
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const entry = { name, child, exited };
  children.push(entry);
  void exited.then(({ code, signal }) => {
    if (!stopping) {
      say(`${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping the network`);
      void stop(1);
    }
  });
  return entry;
}

/** Stops one process; resolves true when it exited cleanly (code 0) on its own. */
async function stopEntry(entry, deadline) {
  if (entry.child.exitCode === null && entry.child.signalCode === null) {
    entry.child.kill('SIGTERM');
    const timer = setTimeout(
      () => {
        say(`${entry.name} did not stop in time; killing it`);
        entry.child.kill('SIGKILL');
      },
      Math.max(0, deadline - Date.now()),
    );
    await entry.exited;
    clearTimeout(timer);
  }
  const { code, signal } = await entry.exited;
  return code === 0 && signal === null;
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  say('stopping');
  const deadline = Date.now() + STOP_BUDGET_MS;
  const nats = children.filter((c) => c.name === 'nats');
  // Services first (they drain NATS and close their stores), then the broker.
  const services = await Promise.all(
    children.filter((c) => c.name !== 'nats').map((c) => stopEntry(c, deadline)),
  );
  await Promise.all(nats.map((c) => stopEntry(c, deadline + 500)));
  const clean = services.every(Boolean);
  say(clean ? 'stopped' : 'stopped, but not every service shut down cleanly (see above)');
  process.exit(clean ? code : 1);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
// Last resort if the launcher dies another way: take the children with it.
process.on('exit', () => {
  for (const { child } of children) if (child.exitCode === null) child.kill('SIGKILL');
});

async function waitFor(url, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!stopping) {
    say(`${what} did not become ready within ${timeoutMs / 1000} s`);
    await stop(1);
  }
}

async function waitForBackends(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let waiting = backends.map((b) => b.name);
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(`http://127.0.0.1:${httpPort}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ network { services { name status } } }' }),
      });
      const body = await res.json();
      const services = body?.data?.network?.services ?? [];
      waiting = backends
        .map((b) => b.name)
        .filter((name) => !services.some((s) => s.name === name && s.status === 'SERVING'));
      if (waiting.length === 0) return;
    } catch {
      // the gateway is between answers; try again
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  if (!stopping) {
    say(
      `not serving within ${timeoutMs / 1000} s: ${waiting.join(', ')} (see its log lines above)`,
    );
    await stop(1);
  }
}

async function waitForNats() {
  const entry = launch('nats', 'nats-server', [
    '-a',
    '127.0.0.1',
    '-p',
    String(natsPort),
    '-js',
    '-sd',
    join(dataDir, 'nats'),
    '-m',
    String(natsMonitorPort),
  ]);
  await waitFor(`http://127.0.0.1:${natsMonitorPort}/healthz`, 15_000, 'nats-server');
  return entry;
}

await waitForNats();

// Development catchers (PCN_CATCHERS=false turns them off): a real SMTP server and an HTTP server
// speaking the eSMS and Zalo ZNS APIs take every message the network sends, listed at the
// gateway's /dev/outbox. A provider set in the environment is used instead of its catcher.
const catchers = process.env.PCN_CATCHERS !== 'false';
const catcherSmtpPort = Number(process.env.PCN_CATCHER_SMTP_PORT ?? 2525);
const catcherHttpPort = Number(process.env.PCN_CATCHER_HTTP_PORT ?? 4025);
const catcherUrl = `http://127.0.0.1:${catcherHttpPort}`;
if (catchers) {
  launch(
    'catcher',
    process.execPath,
    ['--import', 'tsx', join(root, 'services/notification/src/testing/dev-catcher.main.ts')],
    {
      NODE_ENV: 'development',
      PCN_CATCHER_SMTP_PORT: String(catcherSmtpPort),
      PCN_CATCHER_HTTP_PORT: String(catcherHttpPort),
    },
  );
  await waitFor(`${catcherUrl}/outbox`, 15_000, 'the message catcher');
}
const caughtChannels = catchers
  ? {
      SMTP_URL: process.env.SMTP_URL ?? `smtp://127.0.0.1:${catcherSmtpPort}`,
      SMS_API_URL: process.env.SMS_API_URL ?? catcherUrl,
      SMS_API_KEY: process.env.SMS_API_KEY ?? 'dev-catcher',
      SMS_SECRET_KEY: process.env.SMS_SECRET_KEY ?? 'dev-catcher',
      ZALO_API_URL: process.env.ZALO_API_URL ?? catcherUrl,
      ZALO_ACCESS_TOKEN: process.env.ZALO_ACCESS_TOKEN ?? 'dev-catcher',
      ZALO_TEMPLATE_ID: process.env.ZALO_TEMPLATE_ID ?? 'dev-catcher',
    }
  : {};
/**
 * A secret from the environment, or for the local network one made once and kept with the data
 * (never in the repository).
 */
function localSecret(variable, file) {
  const path = join(dataDir, file);
  if (!process.env[variable] && !existsSync(path))
    writeFileSync(path, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return process.env[variable] ?? readFileSync(path, 'utf8').trim();
}
// The gateway signs sign-in tokens; every process signs the caller identities it passes on; the
// notification service signs unsubscribe and verification links.
const jwtSecret = localSecret('JWT_SECRET', 'jwt-secret');
const internalSecret = localSecret('INTERNAL_SECRET', 'internal-secret');
const linkSecret = localSecret('NOTIFICATION_LINK_SECRET', 'notification-link-secret');
// The SMS provider's callbacks (inbound texts such as `GY <code> ...`, delivery reports).
const smsHookSecret = localSecret('SMS_WEBHOOK_SECRET', 'sms-webhook-secret');
// OpenTelemetry tracing is off unless OTEL_TRACES_EXPORTER names an exporter (for example
// `otlp`, with OTEL_EXPORTER_OTLP_ENDPOINT); then each service starts with the SDK preloaded.
const exporter = process.env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
const tracing = Boolean(exporter) && exporter !== 'none';
const nodeArgs = tracing
  ? ['--import', join(root, 'packages', 'platform', 'dist', 'tracing-preload.js')]
  : [];
if (tracing) say(`tracing on: spans go to ${exporter}`);
const common = {
  NODE_ENV: 'development',
  INTERNAL_SECRET: internalSecret,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  NATS_URL: natsUrl,
};
for (const { name, port, metricsPort } of backends) {
  launch(name, process.execPath, [...nodeArgs, join(root, 'services', name, 'dist', 'main.js')], {
    ...common,
    GRPC_PORT: String(port),
    METRICS_PORT: String(metricsPort),
    SQLITE_FILE: join(dataDir, `${name}.db`),
    ...(name === 'notification'
      ? {
          NOTIFICATION_LINK_SECRET: linkSecret,
          // Links in messages point at this gateway; partner webhooks may be plain http locally.
          PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${httpPort}`,
          ALLOW_INSECURE_WEBHOOKS: process.env.ALLOW_INSECURE_WEBHOOKS ?? 'true',
          ...caughtChannels,
        }
      : {}),
  });
}

// First run loads the demo data set (Lao Cai units, agencies, demo accounts), marked demo.
const demoData = process.env.PCN_DEMO_DATA ?? 'true';
const withoutDemo = demoData === 'false' || demoData === '0';
// Without demo data the first admin is made with pcn-admin, through the gateway's operator API
// (loopback only), which wants a secret kept with the data like the others.
const adminPort = Number(process.env.PCN_ADMIN_GRPC_PORT ?? httpPort + 1);
const operator = withoutDemo
  ? {
      OPERATOR_SECRET: localSecret('OPERATOR_SECRET', 'operator-secret'),
      ADMIN_GRPC_PORT: String(adminPort),
    }
  : {};
launch(
  'gateway',
  process.execPath,
  [...nodeArgs, join(root, 'services', 'gateway', 'dist', 'main.js')],
  {
    JWT_SECRET: jwtSecret,
    SMS_WEBHOOK_SECRET: smsHookSecret,
    DEMO_DATA: demoData,
    ...common,
    HTTP_PORT: String(httpPort),
    METRICS_PORT: String(metricsBase),
    SQLITE_FILE: join(dataDir, 'gateway.db'),
    ...operator,
    ...(catchers && { DEV_OUTBOX_URL: `${catcherUrl}/outbox` }),
    ...Object.fromEntries(
      backends.map(({ name, port }) => [`${name.toUpperCase()}_GRPC_ADDRESS`, `127.0.0.1:${port}`]),
    ),
  },
);
await waitFor(`http://127.0.0.1:${httpPort}/readyz`, 30_000, 'the gateway');
// The gateway is ready without its backends (one backend down must not take the door down), so
// "running" waits until the gateway sees every backend answer its gRPC health check.
await waitForBackends(60_000);
if (!stopping) {
  say(
    `PCN is running. GraphQL gateway: \x1b[1mhttp://127.0.0.1:${httpPort}/graphql\x1b[0m (Ctrl-C to stop)`,
  );
  say(`data: ${dataDir}`);
  say(
    `metrics: http://127.0.0.1:${metricsBase}/metrics (gateway), ports ${metricsBase + 1}-${metricsBase + 4} (services)`,
  );
  if (catchers)
    say(
      `messages to citizens (email, SMS, Zalo) are caught: \x1b[1mhttp://127.0.0.1:${httpPort}/dev/outbox\x1b[0m`,
    );
  if (withoutDemo)
    say(
      `no demo data: create the first network admin with \x1b[1mOPERATOR_SECRET=$(cat ${join(dataDir, 'operator-secret')}) GATEWAY_ADMIN_GRPC_ADDRESS=127.0.0.1:${adminPort} npm run admin -- bootstrap --email <email> --name <name>\x1b[0m`,
    );
  if (withoutDemo)
    say(
      `then load the directory (units, organizations) with \x1b[1m… npm run admin -- directory import infra/deploy/directory.example.json\x1b[0m (same variables)`,
    );
}
