import { guessesLog10 } from '@pcn/platform';
import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './identity-input.js';

/**
 * Least estimated guesses (log10, zxcvbn) for an operator's password: zxcvbn's "very
 * unguessable". Common passwords, keyboard walks, repeats and the account's own email or name
 * fall short; a passphrase of four random words or 12+ mixed random characters passes.
 */
export const MIN_PASSWORD_GUESSES_LOG10 = 10;

/**
 * The password policy for accounts that hold the keys to the network (the first network admin):
 * 12 to 1024 characters and hard to guess, with the account's email and name counted as known.
 */
export function strongPasswordSchema(known: { email: string; displayName: string }) {
  const words = [known.email, ...known.email.split(/[@.+_-]/), ...known.displayName.split(/\s+/)]
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length >= 3);
  return z
    .string()
    .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters long`)
    .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters long`)
    .refine(
      (password) => guessesLog10(password, words) >= MIN_PASSWORD_GUESSES_LOG10,
      'is too easy to guess (a common password, a pattern, or built from the email or name); use a passphrase of four or more random words',
    );
}
