import { InvalidArgumentError } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-codes.js';
import { erasureExitCode, erasureSubjectFrom, subjectHash } from './erasure-request.js';

const KEY = 'k'.repeat(32);

describe('erasureSubjectFrom', () => {
  it('takes exactly one well-formed subject', () => {
    expect(erasureSubjectFrom({ email: ' Mai@Example.vn ' })).toEqual({
      kind: 'email',
      value: 'mai@example.vn',
    });
    expect(erasureSubjectFrom({ phone: '0912 345-678' })).toEqual({
      kind: 'phone',
      value: '0912345678',
    });
    expect(erasureSubjectFrom({ zalo: '123' })).toEqual({ kind: 'zalo', value: '123' });
    expect(erasureSubjectFrom({ user: 'user-demo-press' })).toEqual({
      kind: 'user',
      value: 'user-demo-press',
    });
    expect(erasureSubjectFrom({ partner: 'portal-lao-cai', externalRef: ' citizen 42 ' })).toEqual({
      kind: 'partner',
      clientId: 'portal-lao-cai',
      externalRef: 'citizen 42',
    });
  });

  it('refuses none, several, junk and oversized subjects, naming the field', () => {
    for (const options of [
      {},
      { email: 'a@b.vn', user: 'u1' },
      { email: 'a@b' },
      { email: `${'a'.repeat(250)}@b.vn` },
      { phone: '12' },
      { phone: '0912345678; DROP' },
      { zalo: 'abc' },
      { user: 'a/b' },
      { user: 'u'.repeat(129) },
      { partner: 'portal-lao-cai' },
      { externalRef: 'citizen-42' },
      { partner: 'Portal Lao Cai', externalRef: 'citizen-42' },
      { partner: 'portal-lao-cai', externalRef: '   ' },
      { partner: 'portal-lao-cai', externalRef: 'r'.repeat(129) },
      { partner: 'portal-lao-cai', externalRef: 'a\u0000b' },
      { partner: 'portal-lao-cai', externalRef: 'citizen-42', email: 'a@b.vn' },
    ])
      expect(() => erasureSubjectFrom(options), JSON.stringify(options)).toThrow(
        InvalidArgumentError,
      );
  });
});

describe('subjectHash', () => {
  it('is one hash per person, whatever the spelling, and depends on the key', () => {
    const h = (value: string) => subjectHash({ kind: 'phone', value }, KEY);
    expect(h('0912345678')).toBe(h('+84912345678'));
    expect(h('84912345678')).toBe(h('+84912345678'));
    expect(h('0912345679')).not.toBe(h('0912345678'));
    expect(subjectHash({ kind: 'zalo', value: '0912345678' }, KEY)).not.toBe(h('0912345678'));
    expect(subjectHash({ kind: 'phone', value: '0912345678' }, 'x'.repeat(32))).not.toBe(
      h('0912345678'),
    );
    expect(h('0912345678')).toMatch(/^[0-9a-f]{64}$/);
    const p = (clientId: string, externalRef: string) =>
      subjectHash({ kind: 'partner', clientId, externalRef }, KEY);
    expect(p('portal', 'a:b')).not.toBe(p('portal-a', 'b'));
    expect(p('portal', 'citizen-42')).not.toBe(p('app', 'citizen-42'));
  });
});

describe('erasureExitCode', () => {
  const s = (outcome: 'done' | 'failed' | 'unreachable') => ({
    service: 'x',
    outcome,
    erased: [],
    note: '',
    streamMessages: [],
  });
  it('is 0 when all answered, 1 when one failed, 4 when one was unreachable', () => {
    expect(erasureExitCode([s('done'), s('done')])).toBe(ExitCode.Ok);
    expect(erasureExitCode([s('done'), s('failed')])).toBe(ExitCode.Failed);
    expect(erasureExitCode([s('failed'), s('unreachable')])).toBe(ExitCode.Unreachable);
  });
});
