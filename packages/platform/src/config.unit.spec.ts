import { describe, expect, expectTypeOf, it } from 'vitest';
import { ConfigError, commonEnv, env, loadConfig, storeConfig, storeEnv } from './config.js';

const shape = {
  ...commonEnv,
  ...storeEnv,
  GRPC_PORT: env.port(50051),
  SERVICE_TOKEN: env.string('the token this service presents to its peers'),
  PUBLIC_URL: env.url('the public https:// URL of the gateway'),
  AUDIT: env.bool(false),
};

const SECRET = 'sk_live_9f8e7d6c5b4a-DO-NOT-LOG';
/** Random enough for production's secret checks. */
const STRONG = 'q3Vn8Zr1Kx6Wd0Ls4Jc9Pt2Hm7Fb5Ye-uGa';

/** A complete, valid environment; each test overrides what it is about. */
function validEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    NATS_URL: 'nats://127.0.0.1:4222, nats://10.0.0.2:4222',
    SERVICE_TOKEN: SECRET,
    PUBLIC_URL: 'https://pcn.example.test',
    SQLITE_FILE: '/var/lib/pcn/draft.db',
    // Production (the default NODE_ENV) refuses to start without it (issue #8).
    INTERNAL_SECRET: STRONG,
    ...overrides,
  };
}

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}

describe('loadConfig', () => {
  it('parses a valid environment into a typed object with defaults applied', () => {
    const config = loadConfig(shape, validEnv());

    // Other variables may join commonEnv; these are the ones this test pins down.
    expect(config).toMatchObject({
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      NATS_URL: ['nats://127.0.0.1:4222', 'nats://10.0.0.2:4222'],
      SHUTDOWN_TIMEOUT_MS: 8000,
      BUS_PREFIX: '',
      STORE: 'sqlite',
      SQLITE_FILE: '/var/lib/pcn/draft.db',
      GRPC_PORT: 50051,
      SERVICE_TOKEN: SECRET,
      PUBLIC_URL: 'https://pcn.example.test',
      AUDIT: false,
    });
    expect(config.MONGO_URL).toBeUndefined();
    expect(config.MONGO_DATABASE).toBeUndefined();
    // Every variable of the shape resolves to a value (a default when unset), except optional ones.
    const optional = [
      'MONGO_URL',
      'MONGO_DATABASE',
      'INTERNAL_SECRET',
      'GRPC_TLS_CA_FILE',
      'GRPC_TLS_CERT_FILE',
      'GRPC_TLS_KEY_FILE',
    ];
    for (const key of Object.keys(shape).filter((k) => !optional.includes(k))) {
      expect(config[key as keyof typeof config], key).toBeDefined();
    }
    expectTypeOf(config.GRPC_PORT).toEqualTypeOf<number>();
    expectTypeOf(config.NATS_URL).toEqualTypeOf<string[]>();
    expectTypeOf(config.AUDIT).toEqualTypeOf<boolean>();
    expectTypeOf(config.STORE).toEqualTypeOf<'sqlite' | 'mongodb'>();
    expectTypeOf(config.LOG_LEVEL).toEqualTypeOf<
      'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
    >();
  });

  it('coerces numbers and booleans and keeps explicit values over defaults', () => {
    const config = loadConfig(
      shape,
      validEnv({
        NODE_ENV: 'test',
        LOG_LEVEL: 'debug',
        GRPC_PORT: '0',
        SHUTDOWN_TIMEOUT_MS: '250',
        BUS_PREFIX: 'run42',
        AUDIT: '1',
      }),
    );
    expect(config.NODE_ENV).toBe('test');
    expect(config.LOG_LEVEL).toBe('debug');
    expect(config.GRPC_PORT).toBe(0);
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(250);
    expect(config.BUS_PREFIX).toBe('run42');
    expect(config.AUDIT).toBe(true);
  });

  it('returns a frozen object', () => {
    const config = loadConfig(shape, validEnv());
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { GRPC_PORT: number }).GRPC_PORT = 1;
    }).toThrow(TypeError);
  });

  it('reads only the variables of the shape', () => {
    const config = loadConfig(shape, validEnv({ UNRELATED: 'x', PATH: '/usr/bin' }));
    expect(Object.keys(config)).not.toContain('UNRELATED');
    expect(Object.keys(config)).not.toContain('PATH');
  });

  it('names a missing required variable and says it is required', () => {
    const err = configErrorOf(() => loadConfig(shape, validEnv({ NATS_URL: undefined })));
    expect(err.name).toBe('ConfigError');
    expect(err.problems).toEqual([
      {
        variable: 'NATS_URL',
        expected: expect.stringContaining('is required') as unknown,
      },
    ]);
    expect(err.message).toContain('NATS_URL');
    expect(err.message).toContain('is required');
    expect(err.message).toContain('comma-separated NATS server URLs');
  });

  it('treats an empty string as unset: required variables are missing, optional ones take defaults', () => {
    const err = configErrorOf(() =>
      loadConfig(
        shape,
        validEnv({ SERVICE_TOKEN: '', NATS_URL: '', LOG_LEVEL: '', GRPC_PORT: '' }),
      ),
    );
    const variables = err.problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['NATS_URL', 'SERVICE_TOKEN']);
    for (const problem of err.problems) expect(problem.expected).toMatch(/^is required/);

    const config = loadConfig(shape, validEnv({ LOG_LEVEL: '', GRPC_PORT: '', AUDIT: '' }));
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.GRPC_PORT).toBe(50051);
    expect(config.AUDIT).toBe(false);
  });

  it.each([
    [
      'a port that is not a number',
      { GRPC_PORT: `${SECRET}` },
      'GRPC_PORT',
      'a TCP port number 0-65535',
    ],
    ['a port above 65535', { GRPC_PORT: '70000' }, 'GRPC_PORT', 'a TCP port number 0-65535'],
    ['a negative port', { GRPC_PORT: '-1' }, 'GRPC_PORT', 'a TCP port number 0-65535'],
    ['a fractional port', { GRPC_PORT: '80.5' }, 'GRPC_PORT', 'a TCP port number 0-65535'],
    [
      'a NATS list with one bad URL',
      { NATS_URL: `nats://127.0.0.1:4222,${SECRET}` },
      'NATS_URL',
      'comma-separated NATS server URLs',
    ],
    [
      'a bad enum value',
      { LOG_LEVEL: SECRET },
      'LOG_LEVEL',
      'one of fatal, error, warn, info, debug, trace, silent',
    ],
    ['a bad boolean', { AUDIT: SECRET }, 'AUDIT', 'true or false'],
    [
      'an integer out of range',
      { SHUTDOWN_TIMEOUT_MS: '99' },
      'SHUTDOWN_TIMEOUT_MS',
      'an integer 100-120000',
    ],
    ['a bad URL', { PUBLIC_URL: SECRET }, 'PUBLIC_URL', 'the public https:// URL of the gateway'],
    ['a bad bus prefix', { BUS_PREFIX: 'has-dash' }, 'BUS_PREFIX', 'up to 32 letters or digits'],
  ])(
    'rejects %s, naming the variable and what it expects',
    (_case, overrides, variable, expected) => {
      const err = configErrorOf(() => loadConfig(shape, validEnv(overrides)));
      expect(err.problems.map((p) => p.variable)).toEqual([variable]);
      expect(err.problems[0]?.expected).toMatch(/^is invalid; expected /);
      expect(err.problems[0]?.expected).toContain(expected);
      expect(err.message).toContain(`${variable}: is invalid; expected `);
      expect(err.message).toContain(expected);
    },
  );

  it('does not read a blank (whitespace-only) port as port 0', () => {
    // Port 0 means "pick any free port": a blank value must fall back or fail, never mean that.
    let port: number | undefined;
    try {
      port = loadConfig(shape, validEnv({ GRPC_PORT: '  ' })).GRPC_PORT;
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.map((p) => p.variable)).toEqual(['GRPC_PORT']);
      return;
    }
    expect(port).toBe(50051);
  });

  it('never echoes a bad value, not even a secret one, and lists every bad variable', () => {
    const err = configErrorOf(() =>
      loadConfig(
        shape,
        validEnv({
          GRPC_PORT: SECRET,
          NATS_URL: `nats://user:${SECRET}@nats:4222,${SECRET}`,
          LOG_LEVEL: SECRET,
          AUDIT: SECRET,
          PUBLIC_URL: SECRET,
          SERVICE_TOKEN: undefined,
        }),
      ),
    );
    expect(err.problems.map((p) => p.variable).sort()).toEqual([
      'AUDIT',
      'GRPC_PORT',
      'LOG_LEVEL',
      'NATS_URL',
      'PUBLIC_URL',
      'SERVICE_TOKEN',
    ]);
    expect(err.message).not.toContain(SECRET);
    expect(err.message).not.toContain('sk_live');
    expect(JSON.stringify(err.problems)).not.toContain(SECRET);
    expect(String(err.stack)).not.toContain(SECRET);
  });

  it('uses the description of an optional store variable when it is malformed', () => {
    const err = configErrorOf(() =>
      loadConfig(shape, validEnv({ STORE: 'mongodb', MONGO_URL: SECRET })),
    );
    expect(err.problems.map((p) => p.variable)).toEqual(['MONGO_URL']);
    expect(err.message).toContain('MONGO_URL: is invalid; expected ');
    expect(err.message).toContain('mongodb:// URL');
    expect(err.message).not.toContain(SECRET);
  });
});

describe('loadConfig in production', () => {
  const guarded = {
    ...shape,
    JWT_SECRET: env.secret('a random secret of at least 32 characters that signs tokens'),
    LINK_SECRET: env.optionalSecret('a random secret that signs links'),
    DEMO_DATA: env.offInProduction('the demo password is public'),
    ALLOW_INSECURE_WEBHOOKS: env.offInProduction('webhooks would reach private networks'),
  };
  const good = (overrides: Record<string, string | undefined> = {}) =>
    validEnv({ JWT_SECRET: STRONG.split('').reverse().join(''), ...overrides });

  it('starts with strong secrets and the development switches off', () => {
    const config = loadConfig(guarded, good());
    expect(config).toMatchObject({ NODE_ENV: 'production', DEMO_DATA: false });
    expect(config.INTERNAL_SECRET).toBe(STRONG);
  });

  it('refuses to start without INTERNAL_SECRET, naming it', () => {
    const err = configErrorOf(() => loadConfig(guarded, good({ INTERNAL_SECRET: undefined })));
    expect(err.problems).toEqual([
      {
        variable: 'INTERNAL_SECRET',
        expected: expect.stringMatching(/^is required in production/) as unknown,
      },
    ]);
    expect(err.message).toContain('INTERNAL_SECRET: is required in production');
  });

  it.each([
    ['a repeated letter', 's'.repeat(40)],
    ['a repeated word', 'changeme'.repeat(5)],
    ['a sequence', 'abcdefghijklmnopqrstuvwxyz0123456789'],
    ['a phrase with its own repeats', 'test-secret-test-secret-test-secret-42'],
  ])('refuses a secret that is %s, naming it and never echoing it', (_case, weak) => {
    for (const variable of ['INTERNAL_SECRET', 'JWT_SECRET', 'LINK_SECRET']) {
      const err = configErrorOf(() => loadConfig(guarded, good({ [variable]: weak })));
      expect(err.problems.map((p) => p.variable)).toEqual([variable]);
      expect(err.problems[0]?.expected).toMatch(/^is too easy to guess for production/);
      expect(err.message).not.toContain(weak);
    }
  });

  it('refuses each development switch turned on, naming every one at once', () => {
    const err = configErrorOf(() =>
      loadConfig(
        guarded,
        good({ DEMO_DATA: 'true', ALLOW_INSECURE_WEBHOOKS: '1', INTERNAL_SECRET: undefined }),
      ),
    );
    expect(err.problems).toEqual([
      {
        variable: 'INTERNAL_SECRET',
        expected: expect.stringMatching(/^is required in production/) as unknown,
      },
      {
        variable: 'DEMO_DATA',
        expected: 'must be false in production: the demo password is public',
      },
      {
        variable: 'ALLOW_INSECURE_WEBHOOKS',
        expected: 'must be false in production: webhooks would reach private networks',
      },
    ]);
  });

  it.each(['development', 'test'])('lets %s run without them', (nodeEnv) => {
    const config = loadConfig(
      guarded,
      good({
        NODE_ENV: nodeEnv,
        INTERNAL_SECRET: undefined,
        JWT_SECRET: 'test-secret-test-secret-test-secret-42',
        DEMO_DATA: 'true',
        ALLOW_INSECURE_WEBHOOKS: 'true',
      }),
    );
    expect(config).toMatchObject({ DEMO_DATA: true, ALLOW_INSECURE_WEBHOOKS: true });
    expect(config.INTERNAL_SECRET).toBeUndefined();
  });
});

describe('storeConfig', () => {
  it('resolves sqlite with its file', () => {
    const config = loadConfig(shape, validEnv());
    expect(storeConfig(config, 'draft')).toEqual({ kind: 'sqlite', path: '/var/lib/pcn/draft.db' });
  });

  it('requires SQLITE_FILE when STORE=sqlite (an empty value counts as missing)', () => {
    for (const file of [undefined, '']) {
      const config = loadConfig(shape, validEnv({ STORE: 'sqlite', SQLITE_FILE: file }));
      const err = configErrorOf(() => storeConfig(config, 'draft'));
      expect(err.problems.map((p) => p.variable)).toEqual(['SQLITE_FILE']);
      expect(err.message).toContain('SQLITE_FILE');
      expect(err.message).toContain('STORE=sqlite');
    }
  });

  it('requires MONGO_URL when STORE=mongodb, and does not need SQLITE_FILE then', () => {
    const config = loadConfig(shape, validEnv({ STORE: 'mongodb', SQLITE_FILE: undefined }));
    const err = configErrorOf(() => storeConfig(config, 'draft'));
    expect(err.problems.map((p) => p.variable)).toEqual(['MONGO_URL']);
    expect(err.message).toContain('MONGO_URL');
    expect(err.message).toContain('STORE=mongodb');
  });

  it('resolves mongodb with the default database, or MONGO_DATABASE when set', () => {
    const url = 'mongodb://mongo-0:27017/?replicaSet=rs0';
    const withDefault = loadConfig(shape, validEnv({ STORE: 'mongodb', MONGO_URL: url }));
    expect(storeConfig(withDefault, 'draft')).toEqual({ kind: 'mongodb', url, database: 'draft' });

    const named = loadConfig(
      shape,
      validEnv({ STORE: 'mongodb', MONGO_URL: url, MONGO_DATABASE: 'pcn_draft-2' }),
    );
    expect(storeConfig(named, 'draft')).toEqual({ kind: 'mongodb', url, database: 'pcn_draft-2' });
  });

  it('accepts a multi-host replica-set MONGO_URL with ports (the usual replica-set form)', () => {
    const url = 'mongodb://mongo-0:27017,mongo-1:27017,mongo-2:27017/?replicaSet=rs0';
    const config = loadConfig(shape, validEnv({ STORE: 'mongodb', MONGO_URL: url }));
    expect(storeConfig(config, 'draft')).toEqual({ kind: 'mongodb', url, database: 'draft' });
  });

  it('rejects a bad STORE and a bad MONGO_DATABASE in loadConfig', () => {
    const err = configErrorOf(() =>
      loadConfig(shape, validEnv({ STORE: 'postgres', MONGO_DATABASE: 'bad name!' })),
    );
    expect(err.problems.map((p) => p.variable).sort()).toEqual(['MONGO_DATABASE', 'STORE']);
    expect(err.message).toContain('one of sqlite, mongodb');
    expect(err.message).not.toContain('postgres');
    expect(err.message).not.toContain('bad name!');
  });
});
