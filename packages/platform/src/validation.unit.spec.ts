import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidArgumentError } from './errors.js';
import { parseInput, zodViolations } from './validation.js';

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
