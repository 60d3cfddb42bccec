import { fileURLToPath } from 'node:url';
import { systemClock } from '@pcn/platform';
import { openSqliteStore } from '@pcn/storage';
import {
  spawnProcess,
  tempDir,
  uniquePrefix,
  type FixtureProcess,
  type TempDir,
} from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createIdentityService, identityCollections } from '@pcn/gateway/testing';
import { seedSmsSubscribers } from '@pcn/notification-service/testing';

// Every process of the network, started from its build as an operator starts it, with
// NODE_ENV=production: each must refuse an unsafe setting, exit 1 and name the setting.
const PROCESSES = ['gateway', 'draft', 'notification', 'feedback', 'outreach'] as const;
type Name = (typeof PROCESSES)[number];
const main = (name: Name) =>
  fileURLToPath(new URL(`../../../services/${name}/dist/main.js`, import.meta.url));

const STRONG = {
  INTERNAL_SECRET: 'Vb7Tq2Lm9Xz4Rk1Wd8Pn5Hc0Js3Fg6Ya-internal',
  JWT_SECRET: 'Np4Wq8Zt1Lx6Rc9Bv3Km7Hd0Gs5Jf2Ye-jwt',
  NOTIFICATION_LINK_SECRET: 'Qc5Rm1Vz8Tk3Xw6Ln0Jp9Hb4Gd7Sf2Ya-links',
};

let dir: TempDir;
let prefix: string;
const running: FixtureProcess[] = [];

beforeAll(async () => {
  dir = await tempDir('pcn-production-');
  prefix = uniquePrefix('prod');
});
afterAll(async () => {
  for (const p of running) p.kill('SIGKILL');
  await dir.remove();
});

/** A production environment that is safe, for one process; each test breaks one thing. */
function safeEnv(name: Name, file = `${name}.db`): Record<string, string> {
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    NATS_URL: inject('natsUrl'),
    BUS_PREFIX: prefix,
    SQLITE_FILE: dir.file(file),
    INTERNAL_SECRET: STRONG.INTERNAL_SECRET,
    // Production's default metrics ports are fixed; a free one here, beside a running network.
    METRICS_PORT: '0',
  };
  if (name === 'gateway')
    Object.assign(env, {
      JWT_SECRET: STRONG.JWT_SECRET,
      HTTP_PORT: '0',
      DRAFT_GRPC_ADDRESS: '127.0.0.1:1',
      OUTREACH_GRPC_ADDRESS: '127.0.0.1:1',
      FEEDBACK_GRPC_ADDRESS: '127.0.0.1:1',
      NOTIFICATION_GRPC_ADDRESS: '127.0.0.1:1',
    });
  else env.GRPC_PORT = '0';
  if (name === 'notification') env.NOTIFICATION_LINK_SECRET = STRONG.NOTIFICATION_LINK_SECRET;
  return env;
}

function launch(name: Name, env: Record<string, string>): FixtureProcess {
  const p = spawnProcess(process.execPath, [main(name)], env);
  running.push(p);
  return p;
}

/** Runs the process to its exit; returns the exit and what it printed. */
async function refusal(name: Name, env: Record<string, string>) {
  const p = launch(name, env);
  const exit = await p.exited;
  return { exit, output: p.lines.join('\n') };
}

describe('production boot', () => {
  it.each(PROCESSES)(
    '%s refuses to start without INTERNAL_SECRET, or with a guessable one, naming it',
    async (name) => {
      const missing = await refusal(name, { ...safeEnv(name), INTERNAL_SECRET: '' });
      expect(missing.exit).toEqual({ code: 1, signal: null });
      expect(missing.output).toContain('INTERNAL_SECRET: is required in production');
      expect(missing.output).not.toMatch(/listening|serving/);

      const weak = await refusal(name, {
        ...safeEnv(name),
        INTERNAL_SECRET: 'internal-secret-internal-secret-1234',
      });
      expect(weak.exit).toEqual({ code: 1, signal: null });
      expect(weak.output).toContain('INTERNAL_SECRET: is too easy to guess for production');
      expect(weak.output).not.toContain('internal-secret-internal-secret-1234');
    },
  );

  it('the gateway refuses demo data, and a guessable JWT_SECRET, naming them', async () => {
    const demo = await refusal('gateway', { ...safeEnv('gateway'), DEMO_DATA: 'true' });
    expect(demo.exit).toEqual({ code: 1, signal: null });
    expect(demo.output).toContain('DEMO_DATA: must be false in production');
    expect(demo.output).toContain('pcn-admin bootstrap');

    const jwt = await refusal('gateway', { ...safeEnv('gateway'), JWT_SECRET: 'x'.repeat(40) });
    expect(jwt.exit).toEqual({ code: 1, signal: null });
    expect(jwt.output).toContain('JWT_SECRET: is too easy to guess for production');
  });

  it('the gateway refuses a store that holds the demo data set, even with DEMO_DATA off', async () => {
    const store = await openSqliteStore({ path: dir.file('gateway-demo.db') });
    await store.migrate(identityCollections);
    const identity = createIdentityService({
      store,
      jwtSecret: new TextEncoder().encode(STRONG.JWT_SECRET),
      tokenTtlSeconds: 900,
      clock: systemClock,
    });
    expect(await identity.seedDemo()).toBe(true);
    await store.close();

    const seeded = await refusal('gateway', safeEnv('gateway', 'gateway-demo.db'));
    expect(seeded.exit).toEqual({ code: 1, signal: null });
    expect(seeded.output).toContain('DEMO_DATA: is off, but the store holds the demo data set');
  });

  it('the notification service refuses insecure webhooks, naming the setting', async () => {
    const insecure = await refusal('notification', {
      ...safeEnv('notification'),
      ALLOW_INSECURE_WEBHOOKS: 'true',
    });
    expect(insecure.exit).toEqual({ code: 1, signal: null });
    expect(insecure.output).toContain('ALLOW_INSECURE_WEBHOOKS: must be false in production');
  });

  it('the gateway refuses the dev outbox (DEV_OUTBOX_URL), naming it', async () => {
    const dev = await refusal('gateway', {
      ...safeEnv('gateway'),
      DEV_OUTBOX_URL: 'http://127.0.0.1:4025/outbox',
    });
    expect(dev.exit).toEqual({ code: 1, signal: null });
    expect(dev.output).toContain('DEV_OUTBOX_URL: must be unset in production');
  });

  it('a production gateway has no /dev/outbox (404)', async () => {
    const p = launch('gateway', safeEnv('gateway'));
    const [, url] = await p.waitForLine(
      /^(?=.*gateway listening).*"url":"(http:[^"]+)\/graphql"/,
      30_000,
    );
    const res = await fetch(`${url}/dev/outbox`);
    expect(res.status).toBe(404);
    await res.body?.cancel();
    p.kill('SIGTERM');
    expect(await p.exited).toEqual({ code: 0, signal: null });
  });

  it('the notification service warns at startup of a channel that is off while people subscribe to it', async () => {
    const store = await openSqliteStore({ path: dir.file('notification-sms.db') });
    await seedSmsSubscribers(store, 2);
    await store.close();
    const p = launch('notification', safeEnv('notification', 'notification-sms.db'));
    const [line] = await p.waitForLine(
      /^.*the sms channel is off while people subscribe to it.*$/,
      30_000,
    );
    expect(JSON.parse(line)).toMatchObject({
      level: 'warn',
      channel: 'sms',
      setting: 'SMS_API_URL',
      subscribers: 2,
    });
    await p.waitForLine(/gRPC serving/, 30_000);
    expect(p.lines.join('\n')).not.toMatch(/the (email|zalo) channel is off/);
    p.kill('SIGTERM');
    expect(await p.exited).toEqual({ code: 0, signal: null });
  });

  it.each(PROCESSES)('%s starts with safe production settings', async (name) => {
    const p = launch(name, safeEnv(name));
    await p.waitForLine(name === 'gateway' ? /gateway listening/ : /gRPC serving/, 30_000);
    p.kill('SIGTERM');
    expect(await p.exited).toEqual({ code: 0, signal: null });
  });
});
