import { fileURLToPath } from 'node:url';
import { spawnProcess } from '@pcn/testing';
import { describe, expect, it } from 'vitest';

// The preload as operators load it (`node --import`, from dist/ as the test command builds it),
// in a process of its own: with tracing off it must load no SDK and register no loader hook,
// whatever else the environment says; with it on, it does both.
const preload = fileURLToPath(new URL('../dist/tracing-preload.js', import.meta.url));

/** What a process started with the preload has loaded: OpenTelemetry modules, and whether it traces. */
const probe = `
import { createRequire } from 'node:module';
const { tracingStarted } = await import(${JSON.stringify(new URL('../dist/tracing.js', import.meta.url).href)});
const loaded = Object.keys(createRequire(import.meta.url).cache)
  .map((path) => /@opentelemetry[/\\\\]([a-z-]+)/.exec(path)?.[1])
  .filter(Boolean);
console.log(JSON.stringify({ packages: [...new Set(loaded)].sort(), started: tracingStarted() }));
`;

async function loadedWith(env: Record<string, string>) {
  const p = spawnProcess(
    process.execPath,
    [`--import=${preload}`, '--input-type=module', '-e', probe],
    // Nothing from the test runner's own environment turns tracing on or off.
    { OTEL_TRACES_EXPORTER: '', OTEL_SDK_DISABLED: '', ...env },
  );
  const exit = await p.exited;
  expect(exit.code, p.lines.join('\n')).toBe(0);
  const line = p.lines.find((l) => l.startsWith('{"packages"'));
  return JSON.parse(line ?? '{}') as { packages: string[]; started: boolean };
}

describe('the tracing preload', () => {
  it('with tracing off loads no SDK and no instrumentation, even with an endpoint set', async () => {
    const offs: Record<string, string>[] = [
      {},
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' },
      { OTEL_TRACES_EXPORTER: 'none' },
      { OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' },
    ];
    for (const env of offs) {
      const seen = await loadedWith(env);
      expect(seen.started, JSON.stringify(env)).toBe(false);
      // The API alone (tracing.ts's no-ops) is all there is.
      expect(
        seen.packages.filter((p) => p !== 'api'),
        JSON.stringify(env),
      ).toEqual([]);
    }
  });

  it('with an exporter named starts the SDK and its instrumentations', async () => {
    const seen = await loadedWith({
      OTEL_TRACES_EXPORTER: 'otlp',
      // Nothing listens there; nothing is exported before the process ends.
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
    });
    expect(seen.started).toBe(true);
    expect(seen.packages).toEqual(
      expect.arrayContaining(['sdk-node', 'sdk-trace-base', 'instrumentation-http']),
    );
  });
});
