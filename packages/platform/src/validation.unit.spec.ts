import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidArgumentError } from './errors.js';
import {
  boundedList,
  byFieldOrder,
  checkedString,
  MAX_VIOLATIONS,
  ownFields,
  ownObject,
  ownProperty,
  parseInput,
  zodViolations,
  type ParseOptions,
} from './validation.js';

const schema = z.object({
  name: z.string().min(1),
  contacts: z.array(z.object({ address: z.string().max(5) })),
});

describe('parseInput', () => {
  it('returns the parsed value', () => {
    expect(parseInput(schema, { name: 'a', contacts: [] })).toEqual({ name: 'a', contacts: [] });
  });

  it('names every bad field, with array indices as a client writes them', () => {
    let caught: unknown;
    try {
      parseInput(
        schema,
        { name: '', contacts: [{ address: 'ok' }, { address: 'too long' }] },
        'input',
      );
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    expect((caught as InvalidArgumentError).violations.map((v) => v.field)).toEqual([
      'input.name',
      'input.contacts[1].address',
    ]);
  });

  it('reports a wrong top-level value as the input itself', () => {
    const result = z.string().safeParse(42);
    expect(result.success).toBe(false);
    if (!result.success) expect(zodViolations(result.error)[0]?.field).toBe('input');
  });
});

/** The violations `parseInput` throws for `value`. */
function violationsOf(schema: z.ZodType, value: unknown, options?: string | ParseOptions) {
  let thrown: unknown;
  try {
    parseInput(schema, value, options);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(InvalidArgumentError);
  return (thrown as InvalidArgumentError).violations;
}

describe('parseInput options', () => {
  const many = z.object({ b: z.string(), a: z.array(z.string()) });

  it('sorts violations into the order a client reads the fields', () => {
    const rule = many.superRefine((_, ctx) => ctx.addIssue({ code: 'custom', message: 'rule' }));
    const bad = { b: 1, a: [1, 'x', 2] };
    const out = violationsOf(rule, bad, { fieldOrder: ['a', 'b'] });
    expect(out.map((v) => v.field)).toEqual(['a[0]', 'a[2]', 'b']);
    const withRule = z
      .object({ b: z.string(), a: z.string() })
      .refine(() => false, { path: ['a'], error: 'whole', when: () => true });
    const ordered = violationsOf(withRule, { a: 1, b: 1 }, { fieldOrder: ['a'] });
    expect(ordered).toEqual([
      { field: 'a', description: 'Invalid input: expected string, received number' },
      { field: 'a', description: 'whole' },
      { field: 'b', description: 'Invalid input: expected string, received number' },
    ]);
  });

  it('keeps at most maxViolations, after sorting, under the prefix', () => {
    const bad = { b: 1, a: Array.from({ length: 500 }, () => 1) };
    const options = { prefix: 'input', fieldOrder: ['b', 'a'], maxViolations: MAX_VIOLATIONS };
    const out = violationsOf(many, bad, options);
    expect(out).toHaveLength(MAX_VIOLATIONS);
    expect(out[0]?.field).toBe('input.b');
    expect(out.at(-1)?.field).toBe(`input.a[${MAX_VIOLATIONS - 2}]`);
    expect(violationsOf(many, bad)).toHaveLength(501);
  });
});

describe('byFieldOrder', () => {
  it('puts item indices in order, unknown keys last, a whole item after its fields', () => {
    const order = byFieldOrder(['x', 'y']);
    const paths: PropertyKey[][] = [['other'], ['y'], ['x', 1], ['x', 0], ['x', 0, 'y']];
    expect(paths.sort(order)).toEqual([['x', 0, 'y'], ['x', 0], ['x', 1], ['y'], ['other']]);
  });
});

describe('ownProperty', () => {
  it('reads own properties only', () => {
    expect(ownProperty({ a: 1 }, 'a')).toBe(1);
    expect(ownProperty(Object.create({ a: 1 }), 'a')).toBeUndefined();
    expect(ownProperty({}, 'constructor')).toBeUndefined();
    expect(ownProperty({}, 'toString')).toBeUndefined();
    expect(ownProperty(JSON.parse('{"__proto__":{"a":1}}'), 'a')).toBeUndefined();
  });

  it('reads nothing from lists, primitives and null', () => {
    for (const value of [['a'], 'abc', 7, null, undefined, true])
      expect(ownProperty(value, 'length')).toBeUndefined();
  });

  it('reads a getter that throws as absent', () => {
    const hostile = Object.defineProperty({}, 'a', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(ownProperty(hostile, 'a')).toBeUndefined();
    const proxy = new Proxy(
      {},
      {
        getOwnPropertyDescriptor: () => {
          throw new Error('trap');
        },
      },
    );
    expect(ownProperty(proxy, 'a')).toBeUndefined();
  });
});

describe('ownObject', () => {
  const schema = ownObject(
    { kind: z.literal('citizen'), name: z.string().optional() },
    'must be a person',
  );

  it('parses the named own fields and drops the rest', () => {
    expect(schema.parse({ kind: 'citizen', name: 'An', extra: 1 })).toEqual({
      kind: 'citizen',
      name: 'An',
    });
  });

  it('takes nothing from a prototype, __proto__ or constructor keys', () => {
    expect(schema.safeParse(Object.create({ kind: 'citizen' })).success).toBe(false);
    const polluted: unknown = JSON.parse(
      '{"__proto__":{"kind":"citizen"},"constructor":{"kind":"citizen"}}',
    );
    expect(violationsOf(schema, polluted)).toEqual([
      { field: 'kind', description: 'Invalid input: expected "citizen"' },
    ]);
    expect(({} as { kind?: unknown }).kind).toBeUndefined();
  });

  it('words a wrong type with its error', () => {
    for (const value of [null, 7, 'x', ['citizen']])
      expect(violationsOf(schema, value)).toEqual([
        { field: 'input', description: 'must be a person' },
      ]);
  });

  it('refuses a field whose getter throws, without crashing', () => {
    const hostile = Object.defineProperty({ name: 'An' }, 'kind', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(violationsOf(schema, hostile).map((v) => v.field)).toEqual(['kind']);
  });

  it('ownFields hands anything but an object to its schema as it is', () => {
    const either = ownFields(['a'], z.union([z.string(), z.object({ a: z.number() })]));
    expect(either.parse('text')).toBe('text');
    expect(either.parse({ a: 1, b: 2 })).toEqual({ a: 1 });
  });
});

describe('boundedList', () => {
  const schema = boundedList(z.string({ error: 'must be text' }), 3);

  it('parses a list within its bound', () => {
    expect(schema.parse(['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
  });

  it('refuses anything but a list', () => {
    for (const value of [{ length: 1, 0: 'a' }, 'abc', 7, null, undefined])
      expect(violationsOf(schema, value)).toEqual([
        { field: 'input', description: 'must be a list' },
      ]);
  });

  it('refuses a million-item list whole without reading an item', () => {
    let reads = 0;
    const item = z.unknown().transform((v) => (reads++, v));
    const huge = new Array<unknown>(1_000_000).fill('a');
    const started = performance.now();
    const out = violationsOf(boundedList(item, 50), huge, 'unitIds');
    expect(out).toEqual([
      { field: 'unitIds', description: 'must have at most 50 items (got 1000000)' },
    ]);
    expect(reads).toBe(0);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('names each bad item, and leaves a rule across fields running', () => {
    const withRule = z
      .object({ list: schema, other: z.string() })
      .refine(() => false, { path: ['other'], error: 'rule', when: () => true });
    expect(violationsOf(withRule, { list: ['a', 7], other: 'x' })).toEqual([
      { field: 'list[1]', description: 'must be text' },
      { field: 'other', description: 'rule' },
    ]);
    expect(violationsOf(withRule, { list: [1, 2, 3, 4], other: 'x' })).toEqual([
      { field: 'list', description: 'must have at most 3 items (got 4)' },
      { field: 'other', description: 'rule' },
    ]);
  });
});

describe('checkedString', () => {
  const schema = checkedString(
    (issue) => (issue.input === undefined ? 'is required' : 'must be text'),
    [(v) => v !== '', 'is required'],
    [(v) => v.length <= 5, (v) => `must be at most 5 characters (got ${v.length})`],
    [(v) => /^[a-z]*$/.test(v), 'must be a-z'],
  );

  it('gives the first broken rule only', () => {
    expect(violationsOf(schema, '')).toEqual([{ field: 'input', description: 'is required' }]);
    expect(violationsOf(schema, 'ABCDEFG')).toEqual([
      { field: 'input', description: 'must be at most 5 characters (got 7)' },
    ]);
    expect(violationsOf(schema, 'AB')).toEqual([{ field: 'input', description: 'must be a-z' }]);
    expect(schema.parse('abc')).toBe('abc');
  });

  it('words a wrong type with typeError, for huge and odd values too', () => {
    for (const value of [7, null, ['a'], { toString: () => 'a' }])
      expect(violationsOf(schema, value)).toEqual([
        { field: 'input', description: 'must be text' },
      ]);
    expect(violationsOf(schema, undefined)).toEqual([
      { field: 'input', description: 'is required' },
    ]);
    expect(violationsOf(schema, 'a'.repeat(10_000_000))).toEqual([
      { field: 'input', description: 'must be at most 5 characters (got 10000000)' },
    ]);
  });

  it('leaves a rule across fields running (unlike abort: true)', () => {
    const withRule = z
      .object({ a: schema })
      .refine(() => false, { path: ['b'], error: 'rule', when: () => true });
    expect(violationsOf(withRule, { a: '' }).map((v) => v.field)).toEqual(['a', 'b']);
  });
});
