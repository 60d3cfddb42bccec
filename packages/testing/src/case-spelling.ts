/**
 * Upper-cases the letters of `address` picked by the bits of `n`, lowest bit first letter:
 * `n` = 5 → `ViCtim@…`. The same mailbox, spelt another way, for tests of case-blind limits.
 */
export function caseSpelling(address: string, n: number): string {
  let bit = 0;
  return [...address]
    .map((ch) => {
      if (!/[a-z]/.test(ch)) return ch;
      const upper = (n >> bit) & 1;
      bit += 1;
      return upper ? ch.toUpperCase() : ch;
    })
    .join('');
}
