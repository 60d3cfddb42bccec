/**
 * A text that asks PCN to stop sending: the whole message, so that "Dung roi" ("that's right") is
 * not a STOP. "huỷ" is "hủy" with the tone on the other vowel (both are in use). Not folded:
 * "Dừng" (stop) would fold to "dung", as "Đúng" (right) does. One definition for the gateway (which
 * routes a text) and the notification service (which opts the sender out).
 */
const STOP_WORDS = /^\s*(stop|huy|hủy|huỷ|tu\s*choi|từ\s*chối|dừng|unsubscribe)[\s.!]*$/i;

/** Whether a text is a STOP word; NFC first, since a phone may send the marks decomposed. */
export function isStopText(text: string): boolean {
  return STOP_WORDS.test(text.normalize('NFC'));
}
