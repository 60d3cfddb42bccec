/**
 * How an SMS splits into segments. Text that fits the GSM 03.38 alphabet travels as GSM-7 (160
 * characters, or 153 per part when split); anything else — Vietnamese diacritics included — as
 * UCS-2 (70, or 67 per part). Characters of the GSM extension table count twice.
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';
const basic = new Set(GSM_BASIC);
const extension = new Set(GSM_EXTENSION);

export interface SmsSegmentation {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
  /** Units per segment for this message (single or concatenated). */
  perSegment: number;
}

export function segmentSms(text: string): SmsSegmentation {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (basic.has(ch)) septets += 1;
    else if (extension.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) {
    const perSegment = septets <= 160 ? 160 : 153;
    return {
      encoding: 'GSM-7',
      units: septets,
      segments: Math.max(1, Math.ceil(septets / perSegment)),
      perSegment,
    };
  }
  // UCS-2 counts UTF-16 code units: an emoji (a surrogate pair) takes two.
  const units = text.length;
  const perSegment = units <= 70 ? 70 : 67;
  return {
    encoding: 'UCS-2',
    units,
    segments: Math.max(1, Math.ceil(units / perSegment)),
    perSegment,
  };
}
