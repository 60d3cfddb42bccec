/**
 * Vietnamese text in the encodings that came before Unicode, as it reaches an upload:
 *
 * - **Windows-1258** (what Excel's plain "CSV (Comma delimited)" writes on a Vietnamese Windows):
 *   not valid UTF-8. Base letters and `â ê ô ơ ư ă đ` are single bytes, tones are separate bytes
 *   after the vowel (0xCC grave, 0xEC acute, 0xD2 hook, 0xDE tilde, 0xF2 dot below).
 * - **TCVN3 (ABC)** and **VNI**: text typed with the `.VnTime` or `VNI-Times` fonts. Either raw
 *   bytes (not valid UTF-8), or, when a spreadsheet holding such text is saved as CSV UTF-8,
 *   valid UTF-8 whose letters are Latin-1 look-alikes: TCVN3 writes "người việt" as `ng­êi viÖt`
 *   (soft hyphen for ư, ® for đ, ¶ for ả), VNI as `ngöôøi vieät` (ö for ư, ø for the grave tone).
 * - **A Windows in another language**: Excel replaces every Vietnamese letter by `?`.
 *
 * Each leaves characters that Vietnamese written in Unicode never holds; counting them against
 * the real Vietnamese letters tells the two apart without a dictionary.
 */
export type LegacyEncoding = 'Windows-1258' | 'TCVN3' | 'VNI' | 'ANSI';

/** TCVN3 letters that are no Vietnamese letter in Unicode (ă â ê ô ơ ư đ, à ả á ạ, ...). */
const TCVN3_MARKERS =
  /[\u00A1-\u00A6\u00A7\u00A8\u00A9\u00AA\u00AC\u00AD\u00AE\u00B5\u00B6\u00B8\u00B9\u00BC-\u00BE]/g;
/**
 * VNI writes a tone or a letter's mark as a second byte after the vowel (`oä`, `oø`, `uû`, `öô`):
 * a vowel followed by one of ä ø û ï å ë ü ö æ (or a capital), which no Vietnamese word holds.
 * Its `ñ` for đ is left out of the count: Spanish has it too.
 */
const VNI_MARKERS =
  /[aeiouyâêôöAEIOUYÂÊÔÖ][\u00E4\u00F8\u00FB\u00EF\u00E5\u00EB\u00FC\u00F6\u00E6\u00C4\u00D8\u00DB\u00CF\u00C5\u00CB\u00DC\u00D6\u00C6]/g;
/** Windows-1258 read byte for byte: đ/Đ (ð Ð) and a vowel followed by a tone byte. */
const CP1258_MARKERS = /[\u00F0\u00D0]|[aeiouyâêôõýAEIOUYÂÊÔÕÝ][\u00CC\u00EC\u00D2\u00DE\u00F2]/g;
/** `?` inside a word: what a Vietnamese letter becomes in another Windows code page. */
const LOST_LETTER = /\p{L}\?+\p{L}/gu;

const NOT_LETTERS = /\P{L}+/gu;
/** All but the letters only Vietnamese uses (NFC): ă đ ơ ư and the precomposed tones. */
const NOT_VIETNAMESE = /[^\u0102\u0103\u0110\u0111\u01A0\u01A1\u01AF\u01B0\u1EA0-\u1EF9]+/gu;
const SAMPLE_CHARS = 256 * 1024;

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

/** At least this many marks are needed, so one © or one German ü never refuses a file. */
const MIN_MARKERS = 3;

/**
 * The legacy encoding that bytes which are not UTF-8 look like (read as Latin-1), or undefined
 * when nothing points at one.
 */
export function guessLegacyBytes(bytes: Uint8Array): LegacyEncoding | undefined {
  const sample = bytes.subarray(0, SAMPLE_CHARS);
  const latin1 = Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength).toString(
    'latin1',
  );
  const scores: [LegacyEncoding, number][] = [
    ['TCVN3', count(latin1, TCVN3_MARKERS)],
    ['VNI', count(latin1, VNI_MARKERS)],
    ['Windows-1258', count(latin1, CP1258_MARKERS)],
  ];
  scores.sort((a, b) => b[1] - a[1]);
  const [best] = scores;
  return best && best[1] >= MIN_MARKERS ? best[0] : undefined;
}

/**
 * The legacy encoding that valid UTF-8 text was typed in (TCVN3 or VNI look-alikes), or whose
 * letters were lost (`ANSI`); undefined for Unicode Vietnamese, English, or any other text.
 */
export function guessLegacyText(whole: string): LegacyEncoding | undefined {
  // Legacy text shows on every line: the start of a file tells as well as all of it, and a
  // 10 MB upload costs milliseconds rather than seconds.
  const text = whole.slice(0, SAMPLE_CHARS);
  const letters = text.replace(NOT_LETTERS, '').length;
  const vietnamese = text.replace(NOT_VIETNAMESE, '').length;
  const tcvn3 = count(text, TCVN3_MARKERS);
  const vni = count(text, VNI_MARKERS);
  const markers = tcvn3 + vni;
  // Legacy text is dense with marks (every other word has one); a few signs in a long file of
  // Vietnamese written without diacritics (`§ 5`, `®`) are not.
  if (markers >= MIN_MARKERS && markers > vietnamese && markers * 100 >= letters)
    return tcvn3 >= vni ? 'TCVN3' : 'VNI';
  const lost = count(text, LOST_LETTER);
  if (vietnamese === 0 && lost >= MIN_MARKERS && lost * 100 >= letters) return 'ANSI';
  return undefined;
}
