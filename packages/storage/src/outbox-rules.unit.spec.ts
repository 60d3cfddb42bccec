import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@pcn/platform';
import {
  duePrefix,
  truncateError,
  validateLease,
  validateOutboxMessages,
  validatePendingLimit,
} from './outbox-rules.js';

describe('truncateError', () => {
  it('keeps short errors and cuts long ones to 1000 units', () => {
    expect(truncateError('short')).toBe('short');
    expect(truncateError('x'.repeat(5000))).toHaveLength(1000);
  });

  it('never splits a surrogate pair', () => {
    const text = `${'x'.repeat(999)}𖬀tail`;
    expect(truncateError(text)).toBe('x'.repeat(999));
  });
});

describe('duePrefix', () => {
  const now = new Date('2030-01-01T00:00:00Z');
  const row = (id: string, next: number | null) => ({ id, nextAttemptAtMs: next });

  it('stops at the first message still waiting for its retry', () => {
    const rows = [
      row('a', null),
      row('b', now.getTime()),
      row('c', now.getTime() + 1),
      row('d', null),
    ];
    expect(duePrefix(rows, now).map((r) => r.id)).toEqual(['a', 'b']);
    expect(duePrefix(rows, new Date(now.getTime() + 1)).map((r) => r.id)).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(duePrefix([row('a', now.getTime() + 5)], now)).toEqual([]);
  });
});

describe('validation', () => {
  it('checks batch sizes, messages and leases', () => {
    expect(validatePendingLimit(100)).toBe(100);
    expect(() => validatePendingLimit(0)).toThrow(InvalidArgumentError);
    expect(() => validatePendingLimit(10_001)).toThrow(InvalidArgumentError);
    expect(() => validateOutboxMessages([{ id: 'e', subject: 's', payload: '' }])).not.toThrow();
    expect(() => validateOutboxMessages([{ id: 'e', subject: '', payload: '' }])).toThrow(
      InvalidArgumentError,
    );
    const now = new Date();
    expect(() => validateLease('relay', 'a', 1000, now)).not.toThrow();
    expect(() => validateLease('relay', 'a', 1.5, now)).toThrow(InvalidArgumentError);
    expect(() => validateLease('relay', '', 10, now)).toThrow(InvalidArgumentError);
    expect(() => validateLease('relay', 'a', 10, new Date(Number.NaN))).toThrow(
      InvalidArgumentError,
    );
  });
});
