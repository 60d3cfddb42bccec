import { randomBytes } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed on a phone is unambiguous. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 8 characters: 32^8 ≈ 10^12 codes, so a clash within one draft is vanishingly rare. */
export const RECEIPT_CODE_LENGTH = 8;

/** A short code the submitter can quote; unique per draft (a unique index backs it). */
export function newReceiptCode(): string {
  const bytes = randomBytes(RECEIPT_CODE_LENGTH);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}
