import { ResourceExhaustedError } from '@pcn/platform';
import { openSqliteStore, type Store } from '@pcn/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  identityCollections,
  signInCollections,
  signInThrottleCollection,
} from './identity.collections.js';
import { createIdentityService } from './identity.service.js';
import { identityFixture, type IdentityFixture } from './identity.test-helper.js';
import { DEFAULT_SIGN_IN_THROTTLE } from './sign-in-throttle.js';

const PASSWORD = 'correct horse battery staple';
const WRONG = 'not the password at all';
const EMAIL = 'editor@example.org';

let f: IdentityFixture;
const extraStores: Store[] = [];

beforeEach(async () => {
  f = await identityFixture();
  await f.identity.createUser({
    email: EMAIL,
    password: PASSWORD,
    displayName: 'Editor',
    // No organization in this store: a network admin needs none (the throttle is role-blind).
    roles: ['network_admin'],
  });
});
afterEach(async () => {
  for (const store of extraStores.splice(0)) await store.close();
  await f.close();
});

/** What one sign-in answers: a token, WRONG_CREDENTIALS, or RATE_LIMITED with its wait. */
async function outcome(email: string, password: string, identity = f.identity) {
  try {
    await identity.signIn(email, password);
    return 'signed in';
  } catch (err) {
    if (err instanceof ResourceExhaustedError) {
      expect(err.reason).toBe('TOO_MANY_SIGN_IN_ATTEMPTS');
      return `wait ${err.retryAfterSeconds} s`;
    }
    return (err as { reason?: string }).reason ?? String(err);
  }
}

async function outcomes(email: string, password: string, count: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(await outcome(email, password));
  return out;
}

describe('sign-in throttle per account', () => {
  it('refuses with RATE_LIMITED and the wait after 5 attempts, even the right password, until the wait has passed', async () => {
    expect(await outcomes(EMAIL, WRONG, 5)).toEqual(Array(5).fill('WRONG_CREDENTIALS'));
    expect(await outcome(EMAIL, PASSWORD)).toBe('wait 1 s');
    f.clock.advance(999);
    expect(await outcome(EMAIL, PASSWORD)).toBe('wait 1 s');
    f.clock.advance(1);
    expect(await outcome(EMAIL, PASSWORD)).toBe('signed in');
    // A success starts the count again.
    expect(await outcomes(EMAIL, WRONG, 4)).toEqual(Array(4).fill('WRONG_CREDENTIALS'));
    expect(await outcome(EMAIL, PASSWORD)).toBe('signed in');
  });

  it('doubles the wait with each further attempt, up to 15 minutes, after which the owner gets in', async () => {
    const waits: number[] = [];
    // The attacker tries again each time the wait is over.
    for (let i = 0; i < 40 && waits.length < 14; i++) {
      const result = await outcome(EMAIL, WRONG);
      if (result.startsWith('wait ')) {
        const seconds = Number(result.split(' ')[1]);
        waits.push(seconds);
        f.clock.advance(seconds * 1000);
      }
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900]);
    expect(await outcome(EMAIL, WRONG)).toBe('WRONG_CREDENTIALS');
    // However long the attack went on, the owner waits at most the cap after its last guess.
    expect(await outcome(EMAIL, PASSWORD)).toBe('wait 900 s');
    f.clock.advance(DEFAULT_SIGN_IN_THROTTLE.maxWaitMs);
    expect(await outcome(EMAIL, PASSWORD)).toBe('signed in');
  });

  it('throttles an unknown email exactly like a real one, so a refusal tells nothing', async () => {
    const known = await outcomes(EMAIL, WRONG, 7);
    const unknown = await outcomes('nobody@example.org', WRONG, 7);
    expect(unknown).toEqual(known);
    expect(known.slice(5)).toEqual(['wait 1 s', 'wait 1 s']);
  });

  it('counts every spelling of an address as one account', async () => {
    for (const spelling of ['Editor@Example.org', ' EDITOR@example.ORG', 'editor@example.org ']) {
      await outcome(spelling, WRONG);
    }
    await outcome('eDiToR@example.org', WRONG);
    await outcome(EMAIL, WRONG);
    expect(await outcome('EDITOR@EXAMPLE.ORG', PASSWORD)).toBe('wait 1 s');
  });

  it('counts attempts sent in parallel one by one', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => outcome(EMAIL, WRONG)));
    expect(results.filter((r) => r === 'WRONG_CREDENTIALS')).toHaveLength(5);
    expect(results.filter((r) => r === 'wait 1 s')).toHaveLength(15);
  });

  it('holds across replicas sharing the store', async () => {
    const other = await openSqliteStore({ path: f.dir.file('gateway.db') });
    extraStores.push(other);
    await other.migrate([...identityCollections, ...signInCollections]);
    const replica = createIdentityService({
      store: other,
      jwtSecret: f.jwtSecret,
      tokenTtlSeconds: 900,
      clock: f.clock,
    });
    for (let i = 0; i < 5; i++) await outcome(EMAIL, WRONG, i % 2 === 0 ? f.identity : replica);
    expect(await outcome(EMAIL, PASSWORD, replica)).toBe('wait 1 s');
    expect(await outcome(EMAIL, PASSWORD, f.identity)).toBe('wait 1 s');
  });

  it('keeps no email in the store, forgets a quiet account after a day, and prunes what it forgot', async () => {
    for (let i = 0; i < 30; i++) await outcome(`guess-${i}@example.org`, WRONG);
    await outcomes(EMAIL, WRONG, 5);
    const records = f.store.collection(signInThrottleCollection);
    expect(await records.count()).toBe(31);
    const page = await records.find({ limit: 100 });
    expect(JSON.stringify(page.items)).not.toContain('example.org');

    f.clock.advance(DEFAULT_SIGN_IN_THROTTLE.forgetAfterMs + 1);
    // A day on, the account starts from zero; each new record removes up to 10 forgotten ones.
    expect(await outcomes(EMAIL, WRONG, 4)).toEqual(Array(4).fill('WRONG_CREDENTIALS'));
    await outcome('newcomer-1@example.org', WRONG);
    await outcome('newcomer-2@example.org', WRONG);
    expect(await records.count()).toBe(31 - 20 + 2);
  });
});
