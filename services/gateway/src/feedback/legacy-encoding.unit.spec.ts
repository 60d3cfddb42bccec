import { describe, expect, it } from 'vitest';
import { guessLegacyBytes, guessLegacyText } from './legacy-encoding.js';

// "người việt đồng ý phản đối điều khoản", through `iconv -f UTF-8 -t TCVN5712-1` (TCVN3).
const TCVN3 = Buffer.from(
  '6e67adea69207669d67420aee56e6720fd207068b66e20aee86920ae69d275206b686fb66e',
  'hex',
);
// "Cộng hòa xã hội, người đồng ý phản đối điều khoản", through `iconv -t CP1258`.
const CP1258 = Buffer.from(
  '43f4f26e6720686fcc61207861de2068f4f2692c206e67fdf5cc6920f0f4cc6e672079ec207068' +
    '61d26e20f0f4ec6920f069eacc75206b686f61d26e',
  'hex',
);
// "Cộng hòa xã hội chủ nghĩa Việt Nam, người đồng ý" as VNI-Times shows it in Latin-1.
const VNI = 'Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam, ngöôøi ñoàng yù';

describe('guessLegacyBytes', () => {
  it('names the encoding of bytes that are not UTF-8', () => {
    expect(guessLegacyBytes(TCVN3)).toBe('TCVN3');
    expect(guessLegacyBytes(CP1258)).toBe('Windows-1258');
    expect(guessLegacyBytes(Buffer.from(VNI, 'latin1'))).toBe('VNI');
  });

  it('names none for bytes with nothing Vietnamese in them', () => {
    expect(guessLegacyBytes(Buffer.from([0xc3, 0x28, 0x41, 0x42]))).toBeUndefined();
    expect(guessLegacyBytes(Buffer.from('Grüße aus Köln', 'latin1'))).toBeUndefined();
  });
});

describe('guessLegacyText', () => {
  it('sees TCVN3 and VNI text that was saved as UTF-8', () => {
    expect(guessLegacyText(TCVN3.toString('latin1'))).toBe('TCVN3');
    expect(guessLegacyText(VNI)).toBe('VNI');
    expect(guessLegacyText(`draft_code,text\nQD-1,"${VNI}"\nQD-2,"${VNI}"`)).toBe('VNI');
  });

  it('sees Vietnamese letters lost to "?"', () => {
    expect(guessLegacyText('T?i ??ng ? v?i ?i?u n?y, ng??i d?n')).toBe('ANSI');
  });

  it.each([
    ['Unicode Vietnamese', 'Cộng hòa xã hội chủ nghĩa Việt Nam, người đồng ý, hoà bình'],
    ['English questions', 'Why? What? How? Who? When? Where?'],
    ['Spanish', 'El año pasado, mañana, señor, niño, España'],
    ['German', 'Müller, Bäume, Häuser, Grüße, Köln, Übersee'],
    ['French', 'Hôpital à côté, déjà vu, où, garçon, forêt'],
    [
      'a long unaccented text citing § and ®',
      `${'Toi dong y voi du thao nay vi no giup nguoi dan. '.repeat(20)} § 5, § 6, § 7 ®`,
    ],
    ['an empty text', ''],
  ])('leaves %s alone', (_label, text) => {
    expect(guessLegacyText(text)).toBeUndefined();
  });
});
