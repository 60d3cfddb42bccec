import prand from 'pure-rand';

/**
 * A synthetic consultation with mass campaigns, for the quality test and the bench: near copies of
 * seven campaign templates, edited the way real copies are (a line about the sender, words changed
 * or dropped, diacritics stripped on SMS, punctuation dropped, case changed), mixed with organic
 * comments that talk about the same draft in the same words but are each a person's own.
 */

export const CAMPAIGN_TEMPLATES: readonly string[] = [
  'Tôi không đồng ý với việc tăng mức phí trông giữ xe máy lên gấp ba lần như dự thảo. Người lao động thu nhập thấp đi làm hằng ngày sẽ phải gánh thêm chi phí rất lớn. Đề nghị ban soạn thảo giữ nguyên mức phí hiện hành, hoặc chỉ điều chỉnh theo chỉ số giá tiêu dùng. Nếu cần tăng thì phải có lộ trình ít nhất ba năm và công khai cách tính.',
  'Chúng tôi đề nghị bổ sung quy định bắt buộc lấy ý kiến trực tiếp của người dân trong vùng dự án trước khi thu hồi đất. Việc niêm yết thông báo tại trụ sở xã là không đủ, vì nhiều hộ gia đình đi làm ăn xa không biết. Giá bồi thường phải sát với giá thị trường tại thời điểm thu hồi. Ủy ban nhân dân cấp tỉnh phải trả lời bằng văn bản mọi kiến nghị của người dân.',
  'Điều 12 của dự thảo cho phép cơ quan quản lý tự quyết định mức thu mà không cần Hội đồng nhân dân thông qua. Quy định này đi ngược nguyên tắc minh bạch trong quản lý ngân sách. Tôi đề nghị sửa lại để mọi khoản thu mới đều phải được Hội đồng nhân dân cùng cấp phê duyệt và công bố trên cổng thông tin điện tử.',
  'Dự thảo chưa tính đến đặc thù của đồng bào dân tộc thiểu số ở vùng sâu, vùng xa. Nhiều thôn bản chưa có sóng điện thoại ổn định, nên yêu cầu nộp hồ sơ hoàn toàn trực tuyến sẽ làm người dân mất quyền lợi. Kính đề nghị giữ lại hình thức nộp hồ sơ giấy tại Ủy ban nhân dân xã, và có cán bộ hướng dẫn bằng tiếng dân tộc.',
  'Tôi hoàn toàn ủng hộ chủ trương chuyển đổi số trong thủ tục hành chính. Tuy nhiên thời hạn áp dụng từ ngày một tháng một năm sau là quá gấp. Các xã miền núi cần thêm thời gian để đào tạo cán bộ và trang bị máy móc. Đề nghị lùi thời điểm có hiệu lực thêm mười hai tháng và có chính sách hỗ trợ kinh phí cho cấp xã.',
  'Khoản 3 Điều 25 quy định xử phạt hộ kinh doanh không niêm yết giá với mức từ năm đến mười triệu đồng là quá nặng so với thu nhập của tiểu thương. Nhiều hộ buôn bán nhỏ ở chợ quê chỉ lãi vài chục nghìn đồng một ngày. Đề nghị áp dụng hình thức nhắc nhở ở lần vi phạm đầu tiên và giảm mức phạt tối đa xuống còn một triệu đồng.',
  'Tôi đề nghị dự thảo bổ sung trách nhiệm của doanh nghiệp trong việc xử lý nước thải ra sông. Hiện nay nhiều cơ sở sản xuất xả thải trực tiếp khiến cá chết hàng loạt, người dân ven sông không có nước sạch để dùng. Cần quy định quan trắc tự động, công khai số liệu hằng ngày và đình chỉ hoạt động ngay khi vượt ngưỡng cho phép.',
];

// Organic comments: each draws its own sentences from these pools, with its own details, so two
// organic comments rarely share more than a phrase; they use the templates' vocabulary on purpose.
const OPENINGS = [
  'Theo tôi',
  'Ý kiến của tôi là',
  'Tôi thấy rằng',
  'Gia đình tôi cho rằng',
  'Qua theo dõi ở địa phương, tôi nhận thấy',
  'Là giáo viên, tôi nghĩ',
  'Với kinh nghiệm làm nông nhiều năm, tôi thấy',
  'Tôi xin góp ý là',
  'Thực tế ở thôn tôi cho thấy',
  'Tôi băn khoăn vì',
  'Hội phụ nữ xã chúng tôi thấy',
  'Là người buôn bán nhỏ, tôi lo rằng',
];
const SUBJECTS = [
  'mức phí trông giữ xe',
  'việc thu hồi đất làm đường',
  'thủ tục cấp giấy chứng nhận',
  'quy định về nộp hồ sơ trực tuyến',
  'việc xử phạt hộ kinh doanh',
  'chính sách hỗ trợ người nghèo',
  'quy hoạch khu dân cư mới',
  'việc quản lý chợ truyền thống',
  'quy định về giờ mở cửa quán karaoke',
  'học phí của trường mầm non công lập',
  'chế độ cho cán bộ không chuyên trách',
  'việc bảo vệ rừng đầu nguồn',
  'quy định về xây dựng nhà ở nông thôn',
  'bảo hiểm y tế cho người cao tuổi',
  'chi phí khám chữa bệnh ở trạm y tế',
  'việc cấp nước sạch cho vùng khô hạn',
  'an toàn giao thông trên quốc lộ',
  'việc dạy tiếng dân tộc trong trường học',
  'trợ cấp cho người khuyết tật',
  'quản lý rác thải sinh hoạt',
];
const JUDGEMENTS = [
  'còn nhiều điểm chưa rõ ràng',
  'là cần thiết nhưng nên làm từng bước',
  'đang gây khó khăn cho bà con',
  'cần có ý kiến của người dân trước khi ban hành',
  'chưa phù hợp với điều kiện miền núi',
  'nên được giữ nguyên như hiện nay',
  'cần giải thích rõ cách tính',
  'có thể dẫn đến lạm dụng',
  'sẽ giúp giảm phiền hà nếu làm đúng',
  'chưa nói rõ ai chịu trách nhiệm',
  'không nên áp dụng cho hộ nghèo',
  'cần thêm thời gian chuẩn bị',
  'nên giao cho xã quyết định',
  'đang làm tăng chi phí của người dân',
];
const DETAILS = [
  'Năm ngoái nhà tôi phải đi lại {n} lần mới xong giấy tờ.',
  'Ở xã {place} có {n} hộ không biết chữ.',
  'Đường từ bản lên huyện dài {n} cây số, mùa mưa thường sạt lở.',
  'Con tôi học lớp {n}, mỗi tháng đóng góp rất nhiều khoản.',
  'Chợ {place} đã xuống cấp hơn {n} năm nay.',
  'Mẹ tôi năm nay {n} tuổi vẫn chưa được hưởng trợ cấp.',
  'Cả thôn chỉ có {n} cái giếng khoan dùng chung.',
  'Tháng trước ở {place} xảy ra {n} vụ tai nạn.',
  'Tiền điện nhà tôi tháng này tăng {n} phần trăm.',
  'Trạm y tế {place} chỉ có {n} y sĩ trực.',
  'Ruộng nhà tôi bị ngập {n} tuần liền vì kênh tắc.',
  'Trường ở {place} thiếu {n} giáo viên tiếng Anh.',
];
const REASONS = [
  'vì bà con ở xa trung tâm',
  'vì thu nhập của người dân còn thấp',
  'vì mùa mưa đường sá bị chia cắt',
  'vì nhiều người già không dùng điện thoại thông minh',
  'vì cán bộ xã còn thiếu',
  'vì chưa có kinh phí thực hiện',
  'vì quy định cũ vẫn đang chồng chéo',
  'vì doanh nghiệp nhỏ không đủ vốn',
  'vì chợ phiên chỉ họp mỗi tuần một lần',
  'vì học sinh phải đi bộ rất xa',
  'vì nước sông đã bị ô nhiễm',
  'vì nhiều hộ chưa có giấy tờ đất',
  'vì phụ nữ dân tộc ít được tiếp cận thông tin',
  'vì giá vật liệu xây dựng tăng mạnh',
  'vì trạm y tế thiếu thuốc',
  'vì thanh niên đi làm ăn xa',
];
const SUGGESTIONS = [
  'Mong ban soạn thảo xem xét lại.',
  'Đề nghị tổ chức họp dân để lấy ý kiến.',
  'Nên có hướng dẫn cụ thể bằng văn bản.',
  'Xin cảm ơn các cơ quan đã lắng nghe.',
  'Cần công khai kết quả tiếp thu ý kiến.',
  'Đề nghị giảm bớt giấy tờ không cần thiết.',
  'Mong sớm có phản hồi.',
  'Nên thí điểm ở vài xã trước khi làm đại trà.',
  'Cần tăng cường kiểm tra, giám sát.',
  'Xin đề xuất bổ sung kinh phí cho cấp cơ sở.',
];

const GIVEN_NAMES = [
  'Nguyễn Văn An',
  'Trần Thị Bình',
  'Lê Văn Cường',
  'Phạm Thị Dung',
  'Hoàng Văn Em',
  'Vũ Thị Giang',
  'Đặng Văn Hùng',
  'Bùi Thị Lan',
  'Đỗ Văn Minh',
  'Hồ Thị Ngọc',
  'Ngô Văn Phúc',
  'Dương Thị Quế',
  'Lý Văn Sơn',
  'Giàng A Páo',
  'Vàng Thị Mỷ',
  'Lò Văn Tiến',
  'Sùng A Chứ',
  'Hà Thị Thu',
];
const PLACES = [
  'xã Tân Lập',
  'xã Mường Phăng',
  'phường Hòa Khánh',
  'thị trấn Đồng Văn',
  'xã Ea Kao',
  'xã Phú Thuận',
  'xã Sín Chéng',
  'phường Bến Thành',
  'xã Quảng Hòa',
  'xã Nậm Cang',
  'xã Hòa Bình',
  'xã Tả Van',
];
const DISTRICTS = [
  'huyện Điện Biên',
  'huyện Mèo Vạc',
  'thành phố Buôn Ma Thuột',
  'huyện Sa Pa',
  'quận Liên Chiểu',
  'huyện Quảng Điền',
  'huyện Si Ma Cai',
  'huyện Bắc Hà',
];
const JOBS = [
  'nông dân',
  'giáo viên',
  'công nhân',
  'tiểu thương',
  'hưu trí',
  'sinh viên',
  'cán bộ thôn',
  'tài xế xe ôm',
];
// Words a copier puts in for others: the edits of a hurried rewrite.
const SWAPS = [
  'rất',
  'cần',
  'phải',
  'nên',
  'người',
  'dân',
  'chúng',
  'tôi',
  'việc',
  'này',
  'đó',
  'cũng',
  'thêm',
  'hơn',
  'đã',
  'sẽ',
  'đang',
  'xin',
  'kính',
  'nhiều',
];

/** A seeded source of choices: the same seed makes the same consultation. */
export class FixtureRandom {
  #rng: prand.RandomGenerator;
  constructor(seed: number) {
    this.#rng = prand.xoroshiro128plus(seed);
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return prand.unsafeUniformIntDistribution(min, max, this.#rng);
  }
  chance(p: number): boolean {
    return this.int(0, 999_999) < p * 1_000_000;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T;
  }
}

function stripDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replaceAll('đ', 'd')
    .replaceAll('Đ', 'D');
}

function selfIntroduction(r: FixtureRandom): string {
  const name = r.pick(GIVEN_NAMES);
  const place = `${r.pick(PLACES)}, ${r.pick(DISTRICTS)}`;
  switch (r.int(0, 3)) {
    case 0:
      return `Tôi là ${name} ở ${place}.`;
    case 1:
      return `Tôi là ${name}, ${r.int(19, 80)} tuổi, ${r.pick(JOBS)} ở ${place}.`;
    case 2:
      return `Tôi tên ${name}, hiện sống tại ${place}.`;
    default:
      return `Người góp ý: ${name}, ${place}.`;
  }
}

/** How messy copies are; the defaults are the description of real campaign copies. */
export interface CopyEdits {
  /** A line about the sender, before or after the text. */
  introduction: number;
  /** Word edits (change, drop or insert one word): uniform in [0, maxWordEdits]. */
  maxWordEdits: number;
  /** One whole sentence left out. */
  dropSentence: number;
  /** Sent by SMS: no diacritics. */
  stripDiacritics: number;
  dropPunctuation: number;
  /** All lower case, all upper case, or the first letter of each word upper. */
  changeCase: number;
}

export const MESSY_COPIES: CopyEdits = {
  introduction: 0.5,
  maxWordEdits: 5,
  dropSentence: 0.1,
  stripDiacritics: 0.35,
  dropPunctuation: 0.3,
  changeCase: 0.2,
};

/** A near copy of `template`, edited as people edit campaign texts. */
export function campaignCopy(template: string, r: FixtureRandom, edits = MESSY_COPIES): string {
  let sentences = template.split(/(?<=\.)\s+/u);
  if (sentences.length > 2 && r.chance(edits.dropSentence)) {
    const drop = r.int(1, sentences.length - 1);
    sentences = sentences.filter((_, i) => i !== drop);
  }
  const words = sentences.join(' ').split(' ');
  const count = r.int(0, edits.maxWordEdits);
  for (let e = 0; e < count; e++) {
    const at = r.int(0, words.length - 1);
    switch (r.int(0, 2)) {
      case 0:
        words[at] = r.pick(SWAPS);
        break;
      case 1:
        if (words.length > 5) words.splice(at, 1);
        break;
      default:
        words.splice(at, 0, r.pick(SWAPS));
    }
  }
  let text = words.join(' ');
  if (r.chance(edits.introduction)) {
    text = r.chance(0.7) ? `${selfIntroduction(r)}\n${text}` : `${text}\n${selfIntroduction(r)}`;
  }
  if (r.chance(edits.stripDiacritics)) text = stripDiacritics(text);
  if (r.chance(edits.dropPunctuation)) text = text.replace(/[.,;:!?]/gu, '');
  if (r.chance(edits.changeCase)) {
    const mode = r.int(0, 2);
    text =
      mode === 0
        ? text.toLowerCase()
        : mode === 1
          ? text.toUpperCase()
          : text.replace(
              /(^|\s)(\p{L})/gu,
              (_, space: string, first: string) => space + first.toUpperCase(),
            );
  }
  return text;
}

/**
 * A person's own comment on the same draft: 2 to 5 sentences of their own making (an opinion on a
 * subject with a reason, or a detail of their life), perhaps one stock closing line, and one in
 * ten quotes a sentence of a campaign text.
 */
export function organicComment(r: FixtureRandom): string {
  const sentences: string[] = [];
  const count = r.int(2, 5);
  for (let i = 0; i < count; i++) {
    if (r.chance(0.65)) {
      const reason = r.chance(0.6) ? ` ${r.pick(REASONS)}` : '';
      sentences.push(`${r.pick(OPENINGS)} ${r.pick(SUBJECTS)} ${r.pick(JUDGEMENTS)}${reason}.`);
    } else {
      sentences.push(
        r
          .pick(DETAILS)
          .replace('{n}', String(r.int(2, 90)))
          .replace('{place}', r.pick(PLACES)),
      );
    }
  }
  if (r.chance(0.3)) sentences.push(r.pick(SUGGESTIONS));
  // Some quote one sentence of a campaign text and go on in their own words: the hard cases
  // that must stay out of the campaign.
  if (r.chance(0.1)) {
    const quoted = r.pick(r.pick(CAMPAIGN_TEMPLATES).split(/(?<=\.)\s+/u));
    sentences.splice(r.int(0, sentences.length), 0, quoted);
  }
  const text = sentences.join(' ');
  return r.chance(0.2) ? stripDiacritics(text) : text;
}

export interface PlantedComment {
  id: string;
  text: string;
  /** The planted truth: `t<n>` for copies of template n, the comment's own id for organic ones. */
  truth: string;
}

/**
 * `count` comments in intake order, a share `campaignShare` of them near copies of the seven
 * templates (spread evenly, shuffled), the rest organic. Ids are `c000001`... in that order.
 */
export function plantedConsultation(
  count: number,
  options: { seed?: number; campaignShare?: number; edits?: CopyEdits } = {},
): PlantedComment[] {
  const r = new FixtureRandom(options.seed ?? 2026);
  const share = options.campaignShare ?? 0.94;
  const out: PlantedComment[] = [];
  for (let i = 0; i < count; i++) {
    const id = `c${String(i + 1).padStart(6, '0')}`;
    if (r.chance(share)) {
      const t = r.int(0, CAMPAIGN_TEMPLATES.length - 1);
      const text = campaignCopy(CAMPAIGN_TEMPLATES[t] as string, r, options.edits);
      out.push({ id, text, truth: `t${t}` });
    } else {
      out.push({ id, text: organicComment(r), truth: id });
    }
  }
  return out;
}

export interface PairwiseQuality {
  /** Pairs put in one group that the truth puts together, over all pairs put in one group. */
  precision: number;
  /** Pairs the truth puts together that were put in one group, over all such pairs. */
  recall: number;
  truePairs: number;
  predictedPairs: number;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/**
 * Pairwise precision and recall of a grouping against the planted truth, from the contingency
 * table of (truth, group): every pair of comments counts once.
 */
export function pairwiseQuality(
  comments: readonly PlantedComment[],
  groupOf: (id: string) => string,
): PairwiseQuality {
  const cells = new Map<string, number>();
  const truths = new Map<string, number>();
  const groups = new Map<string, number>();
  for (const c of comments) {
    const g = groupOf(c.id);
    const cell = `${c.truth}\u0000${g}`;
    cells.set(cell, (cells.get(cell) ?? 0) + 1);
    truths.set(c.truth, (truths.get(c.truth) ?? 0) + 1);
    groups.set(g, (groups.get(g) ?? 0) + 1);
  }
  let both = 0;
  for (const n of cells.values()) both += pairs(n);
  let truePairs = 0;
  for (const n of truths.values()) truePairs += pairs(n);
  let predictedPairs = 0;
  for (const n of groups.values()) predictedPairs += pairs(n);
  return {
    precision: predictedPairs === 0 ? 1 : both / predictedPairs,
    recall: truePairs === 0 ? 1 : both / truePairs,
    truePairs,
    predictedPairs,
  };
}
