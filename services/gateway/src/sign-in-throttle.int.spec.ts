import { tempDir, uniquePrefix, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from './gateway.js';
import { startTestGateway } from './testing/gateway-harness.js';
import { graphqlBody, SIGN_IN_MUTATION } from './testing/graphql-client.js';

// The sign-in throttle as a GraphQL client meets it. Its rules run on an injected clock in
// identity/sign-in-throttle.int.spec.ts; here the gateway runs on the system clock.
let dir: TempDir;
let gateway: Gateway;

beforeAll(async () => {
  dir = await tempDir('pcn-gw-throttle-');
  gateway = await startTestGateway({
    BUS_PREFIX: uniquePrefix('throttle'),
    SQLITE_FILE: dir.file('gateway.db'),
    JWT_SECRET: 'Np4Wq8Zt1Lx6Rc9Bv3Km7Hd0Gs5Jf2Ye-jwt',
    SIGN_IN_FREE_ATTEMPTS: '2',
  });
});
afterAll(async () => {
  await gateway.lifecycle.shutdown('test done');
  await dir.remove();
});

interface Answer {
  data?: { signIn: { token: string } | null } | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function signIn(email: string, password: string): Promise<Answer> {
  return graphqlBody<Answer>(
    gateway.url,
    SIGN_IN_MUTATION,
    { e: email, p: password },
    { accept: 'application/graphql-response+json' },
  );
}

describe('signIn throttle over GraphQL', () => {
  it('answers RATE_LIMITED with the seconds to wait, for known and unknown accounts alike', async () => {
    for (const email of ['editor.stp@demo.pcn.vn', 'nobody@demo.pcn.vn']) {
      const codes: unknown[] = [];
      let refused: Answer | undefined;
      // The waits double (1 s, 2 s, 4 s, ...), so a refusal comes within a few attempts however
      // slowly they are made.
      for (let i = 0; i < 10 && refused === undefined; i++) {
        const answer = await signIn(email, 'not-the-password');
        codes.push(answer.errors?.[0]?.extensions?.code);
        if (answer.errors?.[0]?.extensions?.code === 'RATE_LIMITED') refused = answer;
      }
      expect(codes.slice(0, 2)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
      expect(refused?.errors?.[0]?.extensions).toMatchObject({
        code: 'RATE_LIMITED',
        reason: 'TOO_MANY_SIGN_IN_ATTEMPTS',
      });
      const wait = refused?.errors?.[0]?.extensions?.retryAfterSeconds;
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(refused?.errors?.[0]?.message).toBe(
        `Too many sign-in attempts for this account; try again in ${String(wait)} s`,
      );
      expect(JSON.stringify(refused)).not.toContain(email);
    }
  });
});
