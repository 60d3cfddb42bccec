/**
 * Masks personal data in a comment's text for every public view: email addresses, Vietnamese
 * phone numbers and 12-digit citizen ID numbers (CCCD). The stored text is never changed; the
 * drafting agency and network admins read it whole.
 *
 * - Emails: `local@domain.tld`, Unicode letters allowed.
 * - Phones: mobile (`03x, 05x, 07x, 08x, 09x` + 8 digits) and fixed lines (`02xx` + 8 digits),
 *   written with the trunk `0`, or with `84`, `+84`, `0084`, `(+84)` (and the common slip
 *   `+84 (0)`), digits grouped by spaces, dots or dashes (`0912 345 678`, `0912.345.678`,
 *   `+84 912-345-678`). Any other `+` number of 8 to 15 digits is masked too.
 * - Citizen IDs: 12 digits, whole or grouped 3-3-3-3 or 4-4-4 with one kind of separator.
 *
 * A number that runs on into letters or more digits is not one of these and is left alone, so
 * amounts (`1.500.000 đồng`), dates and article numbers survive.
 */

export const MASKS = {
  email: '[email]',
  phone: '[phone]',
  citizenId: '[id-number]',
} as const;

const EDGE_BEFORE = String.raw`(?<![\p{L}\p{N}+@._-])`;
const EDGE_AFTER = String.raw`(?![\p{L}\p{N}]|[.,-]\p{N})`;
const SEP = String.raw`[ .\-]?`;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

const CITIZEN_ID = new RegExp(
  EDGE_BEFORE +
    String.raw`(?:\d{12}|\d{3}([ .\-])\d{3}\1\d{3}\1\d{3}|\d{4}([ .\-])\d{4}\2\d{4})` +
    EDGE_AFTER,
  'gu',
);

const VN_PREFIX = String.raw`(?:\(?(?:\+|00)?84\)?${SEP}(?:\(0\)${SEP})?|0)`;
const VN_NUMBER = String.raw`(?:[35789](?:${SEP}\d){8}|2(?:${SEP}\d){9})`;
const VN_PHONE = new RegExp(EDGE_BEFORE + VN_PREFIX + VN_NUMBER + EDGE_AFTER, 'gu');

/** Other international numbers: `+` and 8-15 digits, grouped or not. */
const INTERNATIONAL_PHONE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])\+\d(?:${SEP}\d){7,14}` + EDGE_AFTER,
  'gu',
);

/** The text with emails, phone numbers and citizen ID numbers replaced by `MASKS`. */
export function maskPersonalData(text: string): string {
  return text
    .replace(EMAIL, MASKS.email)
    .replace(CITIZEN_ID, MASKS.citizenId)
    .replace(VN_PHONE, MASKS.phone)
    .replace(INTERNATIONAL_PHONE, MASKS.phone);
}
