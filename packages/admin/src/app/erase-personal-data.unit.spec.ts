import { createLogger, type ErasureSubject } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-codes.js';
import { createErasePersonalData } from './erase-personal-data.usecase.js';
import { erasureExitCode } from './erasure-request.js';
import type { ErasureTarget, ServiceErasure } from './erasure.ports.js';

// The gateway is asked first: when it refuses (the last network admin), no other service is asked
// and nothing is recorded, so the person's erasure does not half-happen.

const logger = createLogger({ service: 'test', version: '0', level: 'silent', pretty: false });
const SUBJECT: ErasureSubject = { kind: 'email', value: 'admin@example.org' };

const answer = (
  service: string,
  outcome: ServiceErasure['outcome'],
  note = '',
): ServiceErasure => ({
  service,
  outcome,
  erased: outcome === 'done' ? [{ kind: 'things', count: 1 }] : [],
  note,
  streamMessages: [],
});

function setUp(gatewayOutcome: ServiceErasure['outcome']) {
  const calls: string[] = [];
  const audited: unknown[] = [];
  const target = (
    service: string,
    outcome: ServiceErasure['outcome'],
    note = '',
  ): ErasureTarget => ({
    service,
    erase: (_subject, dryRun) => {
      calls.push(`${service}${dryRun ? ' (dry run)' : ''}`);
      return Promise.resolve(answer(service, outcome, note));
    },
  });
  const erase = createErasePersonalData({
    gateway: target(
      'gateway',
      gatewayOutcome,
      gatewayOutcome === 'refused'
        ? 'User u1 is the last enabled network admin; erasing it would leave nobody to administer the network. Make another account a network admin first'
        : '',
    ),
    targets: [target('draft', 'done'), target('feedback', 'done')],
    audit: {
      record: (entry) => {
        audited.push(entry);
        return Promise.resolve(7);
      },
    },
    clock: { now: () => new Date('2026-12-01T12:00:00Z') },
    operator: 'tester',
    hashKey: 'k'.repeat(32),
    logger,
  });
  return { erase, calls, audited };
}

describe('erasing a person across services', () => {
  it('asks no other service and records nothing when the gateway refuses; exit 1', async () => {
    for (const dryRun of [false, true]) {
      const { erase, calls, audited } = setUp('refused');
      const result = await erase(SUBJECT, dryRun);
      expect(calls).toEqual([`gateway${dryRun ? ' (dry run)' : ''}`]);
      expect(audited).toEqual([]);
      expect(result.refused).toBe(true);
      expect(result.services.map((s) => [s.service, s.outcome])).toEqual([
        ['draft', 'skipped'],
        ['feedback', 'skipped'],
        ['gateway', 'refused'],
      ]);
      expect(result.services.find((s) => s.service === 'gateway')?.note).toMatch(
        /Make another account a network admin first/,
      );
      expect(erasureExitCode(result.services)).toBe(ExitCode.Failed);
    }
  });

  it('asks the gateway first, then every other service, and records the erasure', async () => {
    const { erase, calls, audited } = setUp('done');
    const result = await erase(SUBJECT, false);
    expect(calls[0]).toBe('gateway');
    expect([...calls].sort()).toEqual(['draft', 'feedback', 'gateway']);
    expect(result.refused).toBe(false);
    expect(result.auditSeq).toBe(7);
    expect(audited).toHaveLength(1);
    expect(erasureExitCode(result.services)).toBe(ExitCode.Ok);
  });

  it('still asks the others when the gateway failed or was unreachable (a re-run finishes)', async () => {
    for (const outcome of ['failed', 'unreachable'] as const) {
      const { erase, calls } = setUp(outcome);
      const result = await erase(SUBJECT, false);
      expect([...calls].sort()).toEqual(['draft', 'feedback', 'gateway']);
      expect(erasureExitCode(result.services)).toBe(
        outcome === 'failed' ? ExitCode.Failed : ExitCode.Unreachable,
      );
    }
  });
});
