import { feedback as pb } from '@pcn/contracts';
import { describe, expect, it } from 'vitest';
import {
  AGE_BAND,
  ANSWER_OUTCOME,
  CONSENT_METHOD,
  CONTACT_CHANNEL,
  FEEDBACK_CHANNEL,
  FEEDBACK_STATE,
  GENDER,
  HIDE_REASON,
  IMPORT_OUTCOME,
  MODERATION_DECISION,
  STANCE,
  SUBMITTER_KIND,
  SUBMITTER_VIA,
} from './feedback-enums.js';
import type { ProtoEnum } from './proto-enum.js';

// The tables' keys are checked against the GraphQL enums by the compiler (Record<G, P>); these
// check them against the proto: every named proto value has exactly one GraphQL value, and back.
const tables: [string, ProtoEnum<string, number>, Record<string, string | number>][] = [
  ['STANCE', STANCE, pb.Stance],
  ['CHANNEL', FEEDBACK_CHANNEL, pb.Channel],
  ['SUBMITTER_KIND', SUBMITTER_KIND, pb.SubmitterKind],
  ['SUBMITTER_VIA', SUBMITTER_VIA, pb.SubmitterVia],
  ['CONTACT_CHANNEL', CONTACT_CHANNEL, pb.ContactChannel],
  ['CONSENT_METHOD', CONSENT_METHOD, pb.ConsentMethod],
  ['GENDER', GENDER, pb.Gender],
  ['AGE_BAND', AGE_BAND, pb.AgeBand],
  ['FEEDBACK_STATE', FEEDBACK_STATE, pb.FeedbackState],
  ['HIDE_REASON', HIDE_REASON, pb.HideReason],
  ['MODERATION_DECISION', MODERATION_DECISION, pb.ModerationDecision],
  ['ANSWER_OUTCOME', ANSWER_OUTCOME, pb.AnswerOutcome],
  ['IMPORT_OUTCOME', IMPORT_OUTCOME, pb.ImportOutcome],
];

const RENAMED: Record<string, string> = {
  '18_TO_29': 'FROM_18_TO_29',
  '30_TO_44': 'FROM_30_TO_44',
  '45_TO_59': 'FROM_45_TO_59',
  '60_AND_OVER': 'FROM_60',
};

describe('feedback enums at the gateway', () => {
  it.each(tables)(
    '%s reads every proto value as one GraphQL value and back',
    (prefix, table, e) => {
      const named = Object.values(e).filter((v): v is number => typeof v === 'number' && v > 0);
      expect(named.length).toBeGreaterThan(0);
      const seen = new Set<string>();
      for (const p of named) {
        const g = table.fromPb(p);
        expect(seen.has(g), `${prefix}: ${g} twice`).toBe(false);
        seen.add(g);
        expect(table.toPb(g)).toBe(p);
        // Same words, except where a GraphQL name cannot start with a digit.
        const words = String(e[p]).slice(prefix.length + 1);
        expect(g).toBe(RENAMED[words] ?? words);
      }
    },
  );

  it('reads an unspecified optional value as null, and refuses an unknown one', () => {
    expect(HIDE_REASON.optionalFromPb(pb.HideReason.HIDE_REASON_UNSPECIFIED)).toBe(null);
    expect(() => STANCE.fromPb(pb.Stance.STANCE_UNSPECIFIED)).toThrow(
      'feedback service answered with stance 0',
    );
    expect(() => FEEDBACK_STATE.fromPb(42 as pb.FeedbackState)).toThrow(/feedback state 42/);
  });
});
