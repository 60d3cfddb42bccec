import { describe, expect, it } from 'vitest';
import { maskPersonalData, MASKS } from './mask-personal-data.js';

const P = MASKS.phone;
const E = MASKS.email;
const ID = MASKS.citizenId;

describe('masking personal data in public views', () => {
  it.each([
    ['0912345678', P],
    ['0912 345 678', P],
    ['0912.345.678', P],
    ['0912-345-678', P],
    ['091 234 5678', P],
    ['+84912345678', P],
    ['+84 912 345 678', P],
    ['+84.912.345.678', P],
    ['84912345678', P],
    ['0084912345678', P],
    ['(+84) 912 345 678', P],
    ['+84 (0) 912 345 678', P],
    ['+840912345678', P],
    ['0356 789 012', P],
    ['0567891234', P],
    ['0701234567', P],
    ['0861234567', P],
    ['024 3825 3535', P],
    ['0214 3840 123', P],
    ['+84 24 3825 3535', P],
    ['+33 6 12 34 56 78', P],
    ['+1 202 555 0143', P],
  ])('masks the phone number %s', (phone, mask) => {
    expect(maskPersonalData(`Liên hệ ${phone} để trao đổi.`)).toBe(`Liên hệ ${mask} để trao đổi.`);
    expect(maskPersonalData(phone)).toBe(mask);
  });

  it.each([
    ['nguyen.van.a@gmail.com'],
    ['a+tag@example.vn'],
    ['Trần.Thị@bưu-điện.vn'],
    ['0912345678@gmail.com'],
    ['hoi_dap@so-tu-phap.laocai.gov.vn'],
  ])('masks the email %s (digits inside it included)', (email) => {
    expect(maskPersonalData(`Gửi về ${email}, cảm ơn`)).toBe(`Gửi về ${E}, cảm ơn`);
  });

  it.each([['001203004567'], ['001 203 004 567'], ['001.203.004.567'], ['0012 0300 4567']])(
    'masks the citizen ID number %s',
    (id) => {
      expect(maskPersonalData(`CCCD số ${id} cấp ngày 1/1/2021`)).toBe(
        `CCCD số ${ID} cấp ngày 1/1/2021`,
      );
    },
  );

  it('masks every occurrence, of every kind, in one text', () => {
    expect(
      maskPersonalData(
        'Tôi là Lò Văn A, CCCD 010203004005, ĐT 0987.654.321 hoặc +84 356 111 222, email a@b.vn.',
      ),
    ).toBe(`Tôi là Lò Văn A, CCCD ${ID}, ĐT ${P} hoặc ${P}, email ${E}.`);
  });

  it.each([
    ['an amount', 'Phí là 1.500.000 đồng mỗi năm'],
    ['a large amount', 'Tổng kinh phí 1.500.000.000 đồng'],
    ['a date', 'Có hiệu lực từ ngày 2026-12-01 hoặc 01/12/2026'],
    ['article numbers', 'Điều 12 khoản 3 điểm a'],
    ['a decision number', 'Quyết định số 25/2026/QĐ-UBND'],
    ['a short number', 'Giá 20.000 đồng, 15 ngày'],
    ['an 11-digit number that is not a phone', 'Mã hồ sơ 12345678901'],
    ['a 13-digit number', 'Mã số thuế 0101234567890'],
    ['digits glued to letters', 'Mã SP0912345678X'],
    ['a 10-digit number starting 01 (old prefixes are gone)', 'Số 0123456789'],
  ])('leaves %s alone', (_name, text) => {
    expect(maskPersonalData(text)).toBe(text);
  });

  it('keeps Vietnamese text and line breaks as they were', () => {
    const text = 'Đề nghị sửa Điều 3:\n- miễn phí cho hộ nghèo;\n- giảm 50% cho người cao tuổi.';
    expect(maskPersonalData(text)).toBe(text);
  });

  it('is fast on hostile input (no catastrophic backtracking)', () => {
    const hostile = '0'.repeat(10_000) + ' ' + '9 '.repeat(5_000) + '@'.repeat(5000);
    const started = performance.now();
    maskPersonalData(hostile);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
