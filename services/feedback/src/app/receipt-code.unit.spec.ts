import { describe, expect, it } from 'vitest';
import { newReceiptCode, RECEIPT_CODE_LENGTH } from './receipt-code.js';

describe('receipt codes', () => {
  it('are 8 characters of Crockford base32, and do not repeat across many pool refills', () => {
    const codes = Array.from({ length: 20_000 }, newReceiptCode);
    for (const code of codes.slice(0, 1000)) {
      expect(code).toHaveLength(RECEIPT_CODE_LENGTH);
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    }
    expect(new Set(codes).size).toBe(codes.length);
  });
});
