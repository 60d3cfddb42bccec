import {
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  UnauthenticatedError,
} from '@pcn/platform';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { yogaLogLevel } from './yoga-log-level.js';

const wrapped = (original: Error) =>
  new GraphQLError(original.message, { originalError: original, path: ['confirmSubscription'] });

describe('the level of what Yoga logs', () => {
  it('logs user mistakes at info: a wrong code, bad input, a missing draft, a broken rule', () => {
    const wrongCode = new InvalidArgumentError([
      { field: 'input.code', description: 'is not the latest code we sent' },
    ]);
    expect(yogaLogLevel([wrapped(wrongCode)])).toBe('info');
    expect(yogaLogLevel([wrapped(wrapped(wrongCode))])).toBe('info');
    expect(yogaLogLevel([wrapped(new NotFoundError('draft', 'd-1'))])).toBe('info');
    expect(
      yogaLogLevel([wrapped(new FailedPreconditionError('too short', 'CONSULTATION_TOO_SHORT'))]),
    ).toBe('info');
    expect(
      yogaLogLevel([
        new GraphQLError('bad', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
      ]),
    ).toBe('info');
  });

  it('logs refused commands at warn', () => {
    expect(yogaLogLevel([wrapped(new UnauthenticatedError('Sign in'))])).toBe('warn');
    expect(yogaLogLevel([wrapped(new PermissionDeniedError('no', 'NETWORK_ADMIN_REQUIRED'))])).toBe(
      'warn',
    );
    expect(
      yogaLogLevel([new GraphQLError('slow down', { extensions: { code: 'RATE_LIMITED' } })]),
    ).toBe('warn');
  });

  it('keeps ERROR for what an operator must act on, and for anything it cannot read', () => {
    expect(yogaLogLevel([wrapped(new Error('boom'))])).toBe('error');
    expect(
      yogaLogLevel([new GraphQLError('x', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })]),
    ).toBe('error');
    expect(yogaLogLevel([])).toBe('error');
    expect(yogaLogLevel(['a string', 42, null])).toBe('error');
    // One serious error among mistakes makes the line an error.
    expect(
      yogaLogLevel([wrapped(new NotFoundError('draft', 'x')), wrapped(new Error('boom'))]),
    ).toBe('error');
    // A loop of originalError does not hang.
    const loop = new GraphQLError('loop') as GraphQLError & { originalError: unknown };
    Object.defineProperty(loop, 'originalError', { value: loop });
    expect(yogaLogLevel([loop])).toBe('error');
  });
});
