import { env } from '@pcn/platform';
import { exactKey, foldedSyllables, foldText } from './fold-text.js';
import {
  bandKeys,
  DEFAULT_MINHASH,
  minhashSignature,
  shingleHashes,
  type MinHashParams,
} from './minhash.js';

/** How comments are grouped; the defaults were chosen by measurement (see the README). */
export interface DuplicateRules {
  minhash: MinHashParams;
  /** A comment joins a group when its estimated Jaccard with one of the group's exemplars is at least this. */
  threshold: number;
  /**
   * A member that joins below this similarity becomes an exemplar of its group too (its bands are
   * indexed), so the group also reaches copies that drifted further from the first one.
   */
  exemplarBelow: number;
  /** A group of at least this many comments is a campaign. */
  campaignMinSize: number;
  /**
   * Exemplars one LSH bucket takes at most: a full bucket takes no more. Keeps what each lookup
   * reads bounded as a consultation grows (without it, grouping slows with every organic comment).
   */
  bucketCap: number;
}

export const DEFAULT_DUPLICATE_RULES: DuplicateRules = {
  minhash: DEFAULT_MINHASH,
  threshold: 0.35,
  exemplarBelow: 0.55,
  campaignMinSize: 50,
  bucketCap: 8,
};

/** The environment variables of grouping, for the feedback service's config shape. */
export const duplicateEnv = {
  FEEDBACK_CAMPAIGN_MIN_SIZE: env.int(
    DEFAULT_DUPLICATE_RULES.campaignMinSize,
    2,
    10_000_000,
    'comments in one group from which the group is flagged as a campaign',
  ),
  FEEDBACK_DUPLICATE_SIMILARITY_PERCENT: env.int(
    Math.round(DEFAULT_DUPLICATE_RULES.threshold * 100),
    10,
    100,
    'least estimated Jaccard similarity (percent, over 2-syllable shingles) for a comment to join a group of near duplicates',
  ),
};

/** The rules from the validated config. */
export function duplicateRulesFrom(config: {
  FEEDBACK_CAMPAIGN_MIN_SIZE: number;
  FEEDBACK_DUPLICATE_SIMILARITY_PERCENT: number;
}): DuplicateRules {
  const threshold = config.FEEDBACK_DUPLICATE_SIMILARITY_PERCENT / 100;
  return {
    ...DEFAULT_DUPLICATE_RULES,
    threshold,
    exemplarBelow: Math.max(threshold + 0.2, DEFAULT_DUPLICATE_RULES.exemplarBelow),
    campaignMinSize: config.FEEDBACK_CAMPAIGN_MIN_SIZE,
  };
}

/** A group of `size` comments is a campaign from `campaignMinSize` on. */
export function isCampaign(size: number, rules: Pick<DuplicateRules, 'campaignMinSize'>): boolean {
  return size >= rules.campaignMinSize;
}

/** What grouping knows of a comment's text: its exact key, and for near duplicates its signature and bands. */
export interface Fingerprint {
  exactKey: string;
  /** Null for a short text or one without syllables (symbols only): it groups by exact key alone. */
  signature: Uint32Array | null;
  bandKeys: string[];
}

/**
 * Fewest syllables a text needs to be matched as a near duplicate. Short comments share much of
 * their wording by chance ("Đề nghị miễn vé cho người cao tuổi" and "... cho học sinh vùng cao"
 * are two requests, not one campaign), and campaign copies are paragraphs: short texts group on
 * their exact (folded) text alone.
 */
export const MIN_NEAR_DUPLICATE_SYLLABLES = 16;

export function fingerprint(text: string, rules: DuplicateRules): Fingerprint {
  const folded = foldText(text);
  const syllables = foldedSyllables(folded);
  const signature =
    syllables.length < MIN_NEAR_DUPLICATE_SYLLABLES
      ? null
      : minhashSignature(shingleHashes(syllables, rules.minhash.shingle), rules.minhash.hashes);
  return {
    exactKey: exactKey(text, folded),
    signature,
    bandKeys: signature ? bandKeys(signature, rules.minhash.bands) : [],
  };
}
