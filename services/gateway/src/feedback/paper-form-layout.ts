import { foldKeyword } from './vietnamese-fold.js';

/**
 * The published column layout of paper-form CSV uploads (the README's table): the columns, the
 * header spellings they are known by, and the cell values each choice column takes, in English
 * and in Vietnamese. Headers and choices are matched folded (`foldName`).
 */

export type Stance = 'support' | 'oppose' | 'suggest_change' | 'question';
export type SubmitterKind = 'citizen' | 'organization' | 'agency' | 'press';
export type Gender = 'female' | 'male' | 'other';
export type AgeBand = 'under_18' | '18_29' | '30_44' | '45_59' | '60_plus';

export interface Column {
  name: string;
  required: boolean;
  /** Header spellings (folded: lower case, no diacritics, `_` between words) besides the name. */
  aliases: string[];
}

/** The published layout, in its documented order. */
export const PAPER_FORM_COLUMNS: readonly Column[] = [
  { name: 'draft_code', required: true, aliases: ['ma_du_thao', 'du_thao', 'draft'] },
  { name: 'article_number', required: false, aliases: ['article', 'dieu', 'so_dieu'] },
  { name: 'clause_number', required: false, aliases: ['clause', 'khoan', 'so_khoan'] },
  {
    name: 'stance',
    required: true,
    aliases: ['loai_y_kien', 'quan_diem', 'thai_do', 'y_kien_la'],
  },
  {
    name: 'text',
    required: true,
    aliases: ['noi_dung', 'noi_dung_y_kien', 'noi_dung_gop_y', 'y_kien', 'comment'],
  },
  { name: 'language', required: false, aliases: ['ngon_ngu', 'lang'] },
  {
    name: 'submitter_kind',
    required: false,
    aliases: ['doi_tuong', 'nguoi_gop_y_la', 'loai_nguoi_gop_y'],
  },
  { name: 'submitter_name', required: false, aliases: ['ho_ten', 'ho_va_ten', 'ten', 'name'] },
  {
    name: 'contact',
    required: false,
    aliases: ['lien_he', 'so_dien_thoai', 'dien_thoai', 'email'],
  },
  { name: 'unit_id', required: false, aliases: ['unit_code', 'ma_don_vi', 'don_vi'] },
  { name: 'received_on', required: true, aliases: ['ngay_nhan', 'ngay_gop_y', 'ngay'] },
  {
    name: 'consent_demographics',
    required: false,
    aliases: ['dong_y_cung_cap', 'dong_y_thong_tin', 'dong_y', 'consent'],
  },
  { name: 'ethnic_group', required: false, aliases: ['dan_toc'] },
  { name: 'gender', required: false, aliases: ['gioi_tinh'] },
  { name: 'age_band', required: false, aliases: ['nhom_tuoi', 'do_tuoi'] },
  {
    name: 'form_reference',
    required: false,
    aliases: ['so_phieu', 'ma_phieu', 'reference'],
  },
];

/** Columns a spreadsheet often has that carry nothing to import (`STT`: the row's number). */
export const IGNORED_COLUMNS = new Set(['stt', 'so_thu_tu']);

/** Cell values, folded the same way as headers, to what they mean. */
export const STANCES: Record<string, Stance> = {
  support: 'support',
  ung_ho: 'support',
  dong_y: 'support',
  tan_thanh: 'support',
  oppose: 'oppose',
  phan_doi: 'oppose',
  khong_dong_y: 'oppose',
  suggest_change: 'suggest_change',
  de_nghi_sua: 'suggest_change',
  de_nghi_sua_doi: 'suggest_change',
  de_xuat_sua: 'suggest_change',
  gop_y_sua: 'suggest_change',
  sua_doi: 'suggest_change',
  question: 'question',
  cau_hoi: 'question',
  hoi: 'question',
};
export const SUBMITTER_KINDS: Record<string, SubmitterKind> = {
  citizen: 'citizen',
  cong_dan: 'citizen',
  nguoi_dan: 'citizen',
  ca_nhan: 'citizen',
  organization: 'organization',
  to_chuc: 'organization',
  doanh_nghiep: 'organization',
  agency: 'agency',
  co_quan: 'agency',
  press: 'press',
  bao_chi: 'press',
};
export const GENDERS: Record<string, Gender> = {
  female: 'female',
  f: 'female',
  nu: 'female',
  male: 'male',
  m: 'male',
  nam: 'male',
  other: 'other',
  khac: 'other',
};
export const AGE_BANDS: Record<string, AgeBand> = {
  under_18: 'under_18',
  duoi_18: 'under_18',
  '<18': 'under_18',
  '0_17': 'under_18',
  '18_29': '18_29',
  '30_44': '30_44',
  '45_59': '45_59',
  '60_plus': '60_plus',
  '60+': '60_plus',
  tren_60: '60_plus',
  '60_tro_len': '60_plus',
};
export const YES = new Set(['yes', 'y', 'true', '1', 'x', 'co', 'dong_y']);
export const NO = new Set(['', 'no', 'n', 'false', '0', 'khong', 'khong_dong_y']);

/** A header or choice cell folded for matching: `Mã dự thảo (bắt buộc)` → `ma_du_thao`. */
export function foldName(value: string): string {
  return foldKeyword(value)
    .replace(/\(.*?\)|\*/g, ' ')
    .trim()
    .replace(/[\s_./-]+/g, '_');
}

/** Every known header spelling (folded) to its column's name. */
export const COLUMN_BY_NAME: ReadonlyMap<string, string> = new Map(
  PAPER_FORM_COLUMNS.flatMap((column) =>
    [column.name, ...column.aliases].map((name) => [name, column.name] as const),
  ),
);
