// The words the report's exports print, in Vietnamese as agencies file it: one place for both the
// DOCX and the CSV, so the two always say the same thing.
import type {
  Channel,
  HiddenReason,
  Outcome,
  Stance,
  SubmitterKind,
} from './report-input.model.js';
import type { ArticleChangeKind, ReportRow, SynthesisReport } from './synthesis-report.model.js';
import { NOT_STATED } from './synthesis-report.model.js';

export const REPORT_TITLE = 'BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý';

/** The table's five columns, in the order agencies file them. */
export const TABLE_COLUMNS = [
  'STT',
  'Điều',
  'Nội dung góp ý',
  'Chủ thể góp ý',
  'Tiếp thu/giải trình',
] as const;

export const OUTCOME_LABELS: Record<Outcome, string> = {
  accepted: 'Tiếp thu',
  partly_accepted: 'Tiếp thu một phần',
  not_accepted: 'Không tiếp thu',
  noted: 'Ghi nhận, giải đáp',
};

export const STANCE_LABELS: Record<Stance, string> = {
  support: 'Ủng hộ',
  oppose: 'Phản đối',
  suggest_change: 'Đề nghị sửa',
  question: 'Câu hỏi',
};

export const SUBMITTER_LABELS: Record<SubmitterKind, string> = {
  citizen: 'người dân',
  organization: 'tổ chức',
  agency: 'cơ quan',
  press: 'cơ quan báo chí',
};

export const CHANNEL_LABELS: Record<Channel, string> = {
  web: 'Cổng thông tin, ứng dụng',
  partner: 'Hệ thống đối tác',
  paper: 'Phiếu giấy',
  village_session: 'Họp thôn, bản',
  sms: 'Tin nhắn SMS',
  zalo: 'Zalo',
  email: 'Thư điện tử',
};

export const HIDDEN_REASON_LABELS: Record<HiddenReason, string> = {
  spam: 'quảng cáo, rác',
  offensive: 'xúc phạm',
  off_topic: 'không đúng nội dung',
  personal_data: 'chứa dữ liệu cá nhân',
};

export const CHANGE_LABELS: Record<ArticleChangeKind, string> = {
  unchanged: 'Giữ nguyên',
  changed: 'Đã chỉnh sửa',
  added: 'Bổ sung mới',
  removed: 'Bãi bỏ',
  not_revised: 'Chưa có dự thảo chỉnh lý',
};

const numberFormat = new Intl.NumberFormat('vi-VN');
const dateFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

const timeFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export const formatCount = (n: number): string => numberFormat.format(n);
export const formatDate = (d: Date): string => dateFormat.format(d);

/**
 * The close of a consultation as agencies write it: a close at midnight (Vietnam time) is "đến hết
 * ngày" the day before, any other time is given with its hour.
 */
export function formatClosing(d: Date): string {
  const time = timeFormat.format(d);
  if (time === '00:00') return `đến hết ngày ${formatDate(new Date(d.getTime() - 1))}`;
  return `đến ${time} ngày ${formatDate(d)}`;
}

export function demographicValueLabel(value: string): string {
  return value === NOT_STATED ? 'Không nêu' : value;
}

/** "Điều 5. Mức giá", or the whole draft. */
export function articleLabel(
  report: SynthesisReport,
  articleId: string | null,
): { number: string; label: string } {
  if (articleId === null) return { number: '', label: 'Góp ý chung cho dự thảo' };
  const section = report.articles.find((a) => a.articleId === articleId);
  const number = section?.number ?? articleId;
  const heading = section?.heading ? `. ${section.heading}` : '';
  return { number, label: `Điều ${number}${heading}` };
}

/** What the row says: the text, and for a group how many said the same. */
export function rowComment(row: ReportRow): string {
  if (row.kind === 'comment' || row.comments === 1) return row.text;
  return `${row.text}\n(${formatCount(row.comments)} ý kiến có nội dung tương tự)`;
}

/** Who said it: the label of one comment, or a group's submitters by kind. */
export function rowSubmitters(row: ReportRow): string {
  if (row.kind === 'comment') return row.labels.join('; ');
  const kinds = (Object.keys(row.submitters) as SubmitterKind[])
    .filter((k) => row.submitters[k] > 0)
    .map((k) => `${formatCount(row.submitters[k])} ${SUBMITTER_LABELS[k]}`);
  const named = row.labels.length > 0 ? `\n${row.labels.join('; ')}` : '';
  return `${kinds.join(', ')}${named}`;
}

/** The acceptance or explanation, as the agency wrote it. */
export function rowAnswer(row: ReportRow): string {
  if (!row.answer) return 'Chưa giải trình';
  const parts = [`${OUTCOME_LABELS[row.answer.outcome]}: ${row.answer.reason}`];
  if (row.answer.changedArticles.length > 0)
    parts.push(
      `Đã chỉnh sửa: ${row.answer.changedArticles.map((a) => `Điều ${a.number}`).join(', ')}.`,
    );
  if (!row.answer.published) parts.push('(Chưa công bố)');
  if (row.answeredApart > 0)
    parts.push(`${formatCount(row.answeredApart)} ý kiến trong nhóm được giải trình riêng.`);
  return parts.join('\n');
}
