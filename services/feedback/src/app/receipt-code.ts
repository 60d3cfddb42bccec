import { randomFillSync } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed on a phone is unambiguous. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 8 characters: 32^8 ≈ 10^12 codes, so a clash within one draft is vanishingly rare. */
export const RECEIPT_CODE_LENGTH = 8;

// Random bytes come from a pool: one system call per 512 codes, not one per code (an import
// makes a thousand at once).
const pool = Buffer.alloc(RECEIPT_CODE_LENGTH * 512);
let offset = pool.length;

/** A short code the submitter can quote; unique per draft (a unique index backs it). */
export function newReceiptCode(): string {
  if (offset + RECEIPT_CODE_LENGTH > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  let out = '';
  for (let i = 0; i < RECEIPT_CODE_LENGTH; i++) out += ALPHABET[(pool[offset + i] ?? 0) & 31];
  offset += RECEIPT_CODE_LENGTH;
  return out;
}
