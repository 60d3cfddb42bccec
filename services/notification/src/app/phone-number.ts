/**
 * Vietnamese phone numbers in E.164 (`+84…`), the form SMS gateways and Zalo ZNS take.
 *
 * Accepted: national form with the trunk `0` (`0912 345 678`, `024 3825 3535`), or international
 * form with `84`/`+84`/`0084`. Spaces, dots, dashes and brackets are ignored. Mobile numbers have
 * 9 digits after the country code and start with 3, 5, 7, 8 or 9 (the 2018 re-numbering); fixed
 * lines have 10 and start with 2. Anything else, including any other country, is refused.
 */
export type PhoneResult =
  | { ok: true; e164: string; kind: 'mobile' | 'fixed' }
  | { ok: false; reason: 'malformed' | 'not_vietnamese' | 'wrong_length' | 'unknown_prefix' };

export function normaliseVietnamesePhone(input: string): PhoneResult {
  if (typeof input !== 'string' || input.length > 32) return { ok: false, reason: 'malformed' };
  const compact = input.trim().replace(/[\s.\-()]/g, '');
  if (!/^\+?\d{6,20}$/.test(compact)) return { ok: false, reason: 'malformed' };
  let national: string;
  if (compact.startsWith('+')) {
    if (!compact.startsWith('+84')) return { ok: false, reason: 'not_vietnamese' };
    national = compact.slice(3);
  } else if (compact.startsWith('0084')) national = compact.slice(4);
  else if (compact.startsWith('00')) return { ok: false, reason: 'not_vietnamese' };
  else if (compact.startsWith('0')) national = compact.slice(1);
  else if (compact.startsWith('84') && compact.length >= 11) national = compact.slice(2);
  else return { ok: false, reason: 'malformed' };
  if (national.startsWith('0')) national = national.slice(1); // "+84 0912…" is a common slip
  const first = national[0];
  if (first === '2') {
    if (national.length !== 10) return { ok: false, reason: 'wrong_length' };
    return { ok: true, e164: `+84${national}`, kind: 'fixed' };
  }
  if (first && '35789'.includes(first)) {
    if (national.length !== 9) return { ok: false, reason: 'wrong_length' };
    return { ok: true, e164: `+84${national}`, kind: 'mobile' };
  }
  return { ok: false, reason: 'unknown_prefix' };
}
