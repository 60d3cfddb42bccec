import { Registry } from '@pcn/platform';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { OperationNames, useGraphQLMetrics } from './metrics.plugin.js';

describe('OperationNames', () => {
  const doc = (text: string) => parse(text);

  it('keeps the first names seen, up to its limit, then answers other', () => {
    const names = new OperationNames(2);
    expect(names.label({ document: doc('query A { x }'), operationName: 'A' })).toBe('A');
    expect(names.label({ document: doc('query B { x }'), operationName: 'B' })).toBe('B');
    expect(names.label({ document: doc('query C { x }'), operationName: 'C' })).toBe('other');
    // A kept name stays itself after the limit is reached.
    expect(names.label({ document: doc('query A { y }'), operationName: 'A' })).toBe('A');
    expect(names.size).toBe(2);
  });

  it('answers other for a name the document does not hold or that is not a plain name', () => {
    const names = new OperationNames(10);
    expect(names.label({ document: doc('query A { x }'), operationName: 'Z' })).toBe('other');
    const long = `Q${'x'.repeat(64)}`;
    expect(names.label({ document: doc(`query ${long} { x }`), operationName: long })).toBe(
      'other',
    );
    expect(names.size).toBe(0);
  });

  it('answers anonymous without a name and unknown without a document', () => {
    const names = new OperationNames(10);
    expect(names.label({ document: doc('{ x }') })).toBe('anonymous');
    expect(names.label({ document: doc('{ x }'), operationName: 'Anonymous' })).toBe('anonymous');
    expect(names.label({ operationName: 'A' })).toBe('unknown');
  });
});

describe('useGraphQLMetrics', () => {
  it('hooks no HTTP stage, so the lean path stays on', () => {
    const plugin = useGraphQLMetrics(new Registry());
    for (const hook of ['onRequest', 'onRequestParse', 'onResultProcess', 'onResponse'])
      expect(hook in plugin, hook).toBe(false);
  });
});
