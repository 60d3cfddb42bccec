import { describe, expect, it } from 'vitest';
import { ConfigError, commonEnv, loadConfig } from './config.js';
import { metricsEnv, metricsListen } from './metrics.js';

const shape = { NODE_ENV: commonEnv.NODE_ENV, ...metricsEnv(9999) };
const load = (env: Record<string, string>) => loadConfig(shape, env);

describe('metrics settings', () => {
  it('listen on loopback at the default port, or a free port under NODE_ENV=test', () => {
    expect(metricsListen(load({ NODE_ENV: 'production' }), 9999)).toEqual({
      host: '127.0.0.1',
      port: 9999,
      token: undefined,
    });
    expect(metricsListen(load({ NODE_ENV: 'test' }), 9999)?.port).toBe(0);
    expect(metricsListen(load({ NODE_ENV: 'test', METRICS_PORT: '9100' }), 9999)?.port).toBe(9100);
  });

  it('turn off with METRICS_PORT=off', () => {
    expect(metricsListen(load({ NODE_ENV: 'production', METRICS_PORT: 'off' }), 9999)).toBe(
      undefined,
    );
  });

  it('refuse a bad port or a short token, naming the variable and never echoing the token', () => {
    for (const METRICS_PORT of ['70000', 'metrics', '-1', '1.5'])
      expect(() => load({ NODE_ENV: 'production', METRICS_PORT })).toThrow(/METRICS_PORT/);
    try {
      load({ NODE_ENV: 'production', METRICS_TOKEN: 'short-token' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect(String(err)).toContain('METRICS_TOKEN');
      expect(String(err)).not.toContain('short-token');
    }
  });
});
