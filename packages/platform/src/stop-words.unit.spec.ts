import { describe, expect, it } from 'vitest';
import { isStopText } from './stop-words.js';

describe('isStopText', () => {
  it('takes STOP words alone, in any case, either tone placement and decomposed marks', () => {
    for (const text of [
      'STOP',
      ' stop. ',
      'HUY',
      'hủy',
      'Huỷ',
      'HU\u0309Y',
      'tu choi',
      'Từ chối!',
      'Dừng',
    ])
      expect(isStopText(text), text).toBe(true);
  });

  it('leaves replies that only look like them', () => {
    for (const text of ['Dung roi', 'Đúng', 'stop sending drafts about fees', 'huy hiệu', ''])
      expect(isStopText(text), text).toBe(false);
  });
});
