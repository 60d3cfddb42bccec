import { createRequire } from 'node:module';
import type * as ZxcvbnCore from '@zxcvbn-ts/core';
import type * as ZxcvbnCommon from '@zxcvbn-ts/language-common';

// Loaded on first use: the dictionaries take a few MB and ~150 ms, which only production boots
// (secret checks) and the first-admin command (password checks) need to pay.
const load = createRequire(import.meta.url);
let estimator: ZxcvbnCore.ZxcvbnFactory | undefined;

/**
 * log10 of the number of guesses zxcvbn (a maintained estimator that knows dictionary words,
 * keyboard walks, repeats and sequences) expects an attacker to need for `value`. `userInputs`
 * are words the attacker can be assumed to know, such as the account's email and name.
 * 10 is about what a strong password reaches; a random 32-character secret reaches 26 or more.
 */
export function guessesLog10(value: string, userInputs: readonly string[] = []): number {
  if (estimator === undefined) {
    const core = load('@zxcvbn-ts/core') as typeof ZxcvbnCore;
    const common = load('@zxcvbn-ts/language-common') as typeof ZxcvbnCommon;
    estimator = new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary },
      graphs: common.adjacencyGraphs,
    });
  }
  return estimator.check(value, [...userInputs]).guessesLog10;
}
