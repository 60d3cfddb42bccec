import { segmentSms } from './sms-segments.js';

/**
 * SMS parts an answer to a comment may take: three UCS-2 parts (about 200 characters of
 * Vietnamese) carry the outcome, the start of the explanation and the link to the whole answer.
 */
export const REPLY_SMS_MAX_SEGMENTS = 3;

const ELLIPSIS = '…';

/** `text` cut to at most `length` characters (code points), at a word if one ends near, plus "…". */
function cut(chars: readonly string[], length: number): string {
  if (length >= chars.length) return chars.join('');
  if (length <= 0) return ELLIPSIS;
  const head = chars.slice(0, length).join('');
  const space = head.search(/\s\S*$/);
  // A word boundary in the last fifth of the kept text is worth the few characters it costs.
  const kept = space > length * 0.8 ? head.slice(0, space) : head;
  return `${kept.trimEnd()}${ELLIPSIS}`;
}

/**
 * The longest start of `text` (the agency's explanation) with which `render` gives an SMS within
 * `maxSegments`; the whole text when it fits. When even an empty one does not (a long template),
 * the message is left to its template's own length check. Binary search: a handful of renders.
 */
export function fitSms(
  render: (text: string) => string,
  text: string,
  maxSegments: number = REPLY_SMS_MAX_SEGMENTS,
): { message: string; cut: boolean } {
  const whole = render(text);
  if (segmentSms(whole).segments <= maxSegments) return { message: whole, cut: false };
  const chars = [...text];
  let low = 0;
  let high = chars.length - 1;
  let best = render(cut(chars, 0));
  if (segmentSms(best).segments > maxSegments) return { message: whole, cut: false };
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    const candidate = render(cut(chars, mid));
    if (segmentSms(candidate).segments <= maxSegments) {
      best = candidate;
      low = mid + 1;
    } else high = mid - 1;
  }
  return { message: best, cut: true };
}
