import { describe, expect, it } from 'vitest';
import { segmentSms } from './sms-segments.js';

describe('SMS segmenting', () => {
  it('keeps plain text in GSM-7: 160 in one segment, 153 per part beyond', () => {
    expect(segmentSms('a'.repeat(160))).toEqual({
      encoding: 'GSM-7',
      units: 160,
      segments: 1,
      perSegment: 160,
    });
    expect(segmentSms('a'.repeat(161))).toEqual({
      encoding: 'GSM-7',
      units: 161,
      segments: 2,
      perSegment: 153,
    });
    expect(segmentSms('a'.repeat(306)).segments).toBe(2);
    expect(segmentSms('a'.repeat(307)).segments).toBe(3);
  });

  it('counts extension characters twice', () => {
    expect(segmentSms('€'.repeat(80))).toMatchObject({
      encoding: 'GSM-7',
      units: 160,
      segments: 1,
    });
    expect(segmentSms('€'.repeat(81))).toMatchObject({ units: 162, segments: 2 });
  });

  it('sends Vietnamese with diacritics as UCS-2: 70 in one segment, 67 per part', () => {
    const vi = 'Dự thảo quyết định về giá dịch vụ đò ngang, mời bà con góp ý trước ngày 21/12.';
    const s = segmentSms(vi);
    expect(s.encoding).toBe('UCS-2');
    expect(s.units).toBe(vi.length);
    expect(s.segments).toBe(2);
    expect(segmentSms('ô'.repeat(70))).toMatchObject({ segments: 1, perSegment: 70 });
    expect(segmentSms('ô'.repeat(71))).toMatchObject({ segments: 2, perSegment: 67 });
    expect(segmentSms('ô'.repeat(134)).segments).toBe(2);
    expect(segmentSms('ô'.repeat(135)).segments).toBe(3);
  });

  it('counts an emoji as two UCS-2 units, and an empty text as one segment', () => {
    expect(segmentSms('👍').units).toBe(2);
    expect(segmentSms('')).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });
});
