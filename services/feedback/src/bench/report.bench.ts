// Synthesis report benchmark (a script, not a test). In one process:
//   1. the synthesis of N synthetic comments (100,000 by default; 94% near copies of 7 campaign
//      templates, as in the duplicates benchmark), fed one at a time as a store cursor would: the
//      accumulator, then the DOCX and the CSV; time of each step, heap retained by the accumulator
//      at each quarter of the stream (after a full GC) to show the counts stay flat, and peak RSS;
//      then the DOCX again on this thread and in a worker, with the longest event-loop stall of each;
//   2. opinion groups over P participants × A articles (10,000 × 100 by default): building the
//      stance matrix, then PCA + k-means (k = 2..5 by silhouette).
// Usage: node --expose-gc .bench/bench/report.bench.js [comments] [participants] [articles]
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { findOpinionGroups, StanceMatrixBuilder } from '../app/report/opinion-groups.js';
import { seededRandom } from '../app/report/report.fixtures.js';
import type {
  Channel,
  HiddenReason,
  ReportArticle,
  ReportComment,
  ReportDraft,
  ReportUnit,
  Stance,
} from '../app/report/report-input.model.js';
import { SynthesisAccumulator } from '../app/report/synthesis-accumulator.js';
import { synthesisCsv } from '../infra/report-csv.js';
import { synthesisDocx } from '../infra/report-docx.js';
import { synthesisDocxOffThread } from '../infra/report-docx-off-thread.js';

const COMMENTS = Number(process.argv[2] ?? 100_000);
const PARTICIPANTS = Number(process.argv[3] ?? 10_000);
const ARTICLES = Number(process.argv[4] ?? 100);
const GOAL_SYNTHESIS_S = 10;
const GOAL_CLUSTERING_S = 5;

const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 1e6;
};
/** CPU seconds (user + system) of a `process.cpuUsage()` difference: wall time on a shared machine says less. */
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

function draft(articles: number): ReportDraft {
  const list: ReportArticle[] = Array.from({ length: articles }, (_, i) => ({
    id: `art-${i + 1}`,
    number: String(i + 1),
    heading: `Điều khoản thứ ${i + 1}`,
    consultedText: `Nội dung Điều ${i + 1} của dự thảo lấy ý kiến.`,
    revisedText:
      i % 10 === 0
        ? `Nội dung Điều ${i + 1} đã chỉnh lý.`
        : `Nội dung Điều ${i + 1} của dự thảo lấy ý kiến.`,
  }));
  return {
    id: 'bench-draft',
    code: 'BENCH-2026',
    title: 'Dự thảo Nghị quyết về hỗ trợ phát triển sản xuất nông nghiệp',
    articles: list,
    revised: true,
    consultation: {
      opensAt: new Date('2026-11-01T00:00:00Z'),
      closesAt: new Date('2026-11-30T17:00:00Z'),
    },
  };
}

/** A province, 10 districts, 100 communes. */
function units(): ReportUnit[] {
  const out: ReportUnit[] = [{ id: 'P', name: 'Tỉnh Lào Cai', path: ['P'] }];
  for (let d = 0; d < 10; d++) {
    out.push({ id: `D${d}`, name: `Huyện ${d}`, path: ['P', `D${d}`] });
    for (let c = 0; c < 10; c++)
      out.push({ id: `C${d}-${c}`, name: `Xã ${d}-${c}`, path: ['P', `D${d}`, `C${d}-${c}`] });
  }
  return out;
}

const TEMPLATES = [
  'Đề nghị giảm mức thu phí thu gom rác thải sinh hoạt cho hộ gia đình ở vùng nông thôn',
  'Tôi phản đối việc tăng giá nước sạch vì thu nhập của người dân còn thấp',
  'Cần bổ sung chính sách hỗ trợ cho đồng bào dân tộc thiểu số ở vùng biên giới',
  'Đề nghị kéo dài thời gian lấy ý kiến để người dân ở thôn bản có thể tham gia',
  'Quy định về xử phạt hành chính cần rõ ràng và công khai hơn',
  'Đề nghị miễn học phí cho học sinh trung học cơ sở ở xã đặc biệt khó khăn',
  'Nên có cơ chế đối thoại trực tiếp giữa chính quyền và nhân dân',
];
const CHANNELS: Channel[] = ['web', 'sms', 'zalo', 'partner', 'paper', 'village_session', 'email'];
const STANCES: Stance[] = ['support', 'oppose', 'suggest_change', 'question'];
const REASONS: HiddenReason[] = ['spam', 'offensive', 'off_topic', 'personal_data'];
const ETHNIC = ['Kinh', 'Mông', 'Dao', 'Tày', 'Giáy', 'Nùng', 'Hà Nhì', 'Phù Lá', 'La Chí'];

/** Comments as a store cursor would hand them over: generated one by one, never all held. */
function* comments(n: number, articles: number): Generator<ReportComment> {
  const next = seededRandom(2026);
  for (let i = 0; i < n; i++) {
    const campaign = next() < 0.94;
    const template = Math.floor(next() * TEMPLATES.length);
    const person = Math.floor(next() * n * 0.8);
    const verified = next() < 0.4;
    const hiddenRoll = next();
    const edit = Math.floor(next() * 50);
    const text = campaign
      ? `Tôi là người dân ở xã ${edit}. ${TEMPLATES[template]!}`
      : `Ý kiến riêng số ${i}: ${TEMPLATES[template]!.split(' ').reverse().join(' ')} ${next().toString(36)}`;
    yield {
      id: `c${i}`,
      draftId: 'bench-draft',
      articleId: campaign
        ? `art-${template * 7 + 1}`
        : next() < 0.1
          ? null
          : `art-${1 + Math.floor(next() * articles)}`,
      clauseId: null,
      stance: campaign
        ? template % 2
          ? 'oppose'
          : 'suggest_change'
        : STANCES[Math.floor(next() * 4)]!,
      text,
      language: 'vi',
      channel: CHANNELS[Math.floor(next() * CHANNELS.length)]!,
      submitter:
        next() < 0.02
          ? { kind: 'organization', label: `Hội Nông dân xã ${edit}` }
          : { kind: 'citizen', label: `Người dân, xã ${edit}` },
      verified,
      personKey: next() < 0.9 ? `person-${person}` : null,
      unitId: `C${Math.floor(next() * 10)}-${Math.floor(next() * 10)}`,
      moderation:
        hiddenRoll < 0.01
          ? { state: 'hidden', reason: REASONS[Math.floor(next() * REASONS.length)]! }
          : { state: 'published' },
      group: campaign
        ? {
            id: `g${template}`,
            exactKey: `template ${template} edit ${edit % 5}`,
            representativeId: `c${template}`,
          }
        : null,
      answer:
        campaign || next() < 0.5
          ? {
              outcome: campaign ? 'partly_accepted' : 'noted',
              reason: 'Cơ quan soạn thảo tiếp thu và chỉnh lý dự thảo.',
              changedArticleIds: campaign ? [`art-${template * 7 + 1}`] : [],
              published: true,
            }
          : null,
      demographics:
        next() < 0.3
          ? {
              ethnicGroup: ETHNIC[Math.floor(next() ** 2 * ETHNIC.length)]!,
              gender: next() < 0.5 ? 'female' : 'male',
            }
          : null,
    };
  }
}

async function synthesis(): Promise<number> {
  const d = draft(ARTICLES);
  const startHeap = heapMb();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const acc = new SynthesisAccumulator({
    draft: d,
    units: units(),
    view: 'public',
    now: new Date('2026-12-01T00:00:00Z'),
  });
  const quarter = Math.max(1, Math.floor(COMMENTS / 4));
  const heapAt: string[] = [];
  let seen = 0;
  let paused = 0;
  let pausedCpu = 0;
  for (const c of comments(COMMENTS, ARTICLES)) {
    acc.add(c);
    if (++seen % quarter === 0) {
      const p = performance.now();
      const pc = process.cpuUsage();
      heapAt.push(`${seen}: ${(heapMb() - startHeap).toFixed(1)} MB`);
      paused += performance.now() - p;
      pausedCpu += cpuSeconds(process.cpuUsage(pc));
    }
  }
  const report = acc.result();
  const rows = [...acc.rows()];
  const t1 = performance.now() - paused;
  const rssBeforeExports = process.memoryUsage().rss / 1e6;
  const docx = await synthesisDocx(report, rows);
  const t2 = performance.now() - paused;
  let csvBytes = 0;
  await pipeline(
    synthesisCsv(report, rows),
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        csvBytes += chunk.length;
        cb();
      },
    }),
  );
  const t3 = performance.now() - paused;
  const seconds = (t3 - t0) / 1000;
  const cpu = cpuSeconds(process.cpuUsage(cpu0)) - pausedCpu;
  const peakRss = peakRssMb();
  // The same DOCX again, on this thread then in a worker: how long the event loop stalls in each.
  const stall = async (render: () => Promise<Buffer>) => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    // The monitor's first tick only sets its baseline: let it pass before rendering.
    await new Promise((resolve) => setTimeout(resolve, 25));
    const start = performance.now();
    await render();
    const wall = (performance.now() - start) / 1000;
    // Let the monitor's timer fire once more, so a stall that lasted to the end is recorded.
    await new Promise((resolve) => setTimeout(resolve, 25));
    delay.disable();
    return `${wall.toFixed(2)} s, longest event-loop stall ${(delay.max / 1e9).toFixed(2)} s`;
  };
  const onThread = await stall(() => synthesisDocx(report, rows));
  const offThread = await stall(() => synthesisDocxOffThread(report, rows));
  console.log(
    `synthesis of ${COMMENTS.toLocaleString('en')} comments (${rows.length.toLocaleString('en')} table rows)`,
  );
  console.log(`  accumulate + rows: ${((t1 - t0) / 1000).toFixed(2)} s`);
  console.log(
    `  DOCX:              ${((t2 - t1) / 1000).toFixed(2)} s, ${(docx.length / 1e6).toFixed(2)} MB`,
  );
  console.log(
    `  CSV:               ${((t3 - t2) / 1000).toFixed(2)} s, ${(csvBytes / 1e6).toFixed(2)} MB`,
  );
  console.log(
    `  total:             ${seconds.toFixed(2)} s (goal ≤ ${GOAL_SYNTHESIS_S} s); CPU time ${cpu.toFixed(2)} s`,
  );
  console.log(`  DOCX again on this thread: ${onThread}`);
  console.log(`  DOCX in a worker thread:   ${offThread}`);
  console.log(`  totals: ${JSON.stringify(report.totals.all)}`);
  console.log(`  heap held by the accumulator after N comments (after GC): ${heapAt.join(', ')}`);
  console.log(
    `  RSS before the exports: ${rssBeforeExports.toFixed(0)} MB; peak RSS of the synthesis: ${peakRss.toFixed(0)} MB`,
  );
  return seconds;
}

function clustering(): number {
  const next = seededRandom(7);
  const ids = Array.from({ length: ARTICLES }, (_, i) => `art-${i + 1}`);
  const votes: ReportComment[] = [];
  const base = {
    draftId: 'bench-draft',
    clauseId: null,
    text: '',
    language: 'vi',
    channel: 'web',
    submitter: { kind: 'citizen', label: '' },
    verified: true,
    unitId: null,
    moderation: { state: 'published' },
    group: null,
    answer: null,
    demographics: null,
  } as const;
  // Four planted opinion groups; each participant comments on about 30% of the articles.
  for (let p = 0; p < PARTICIPANTS; p++) {
    const g = p % 4;
    for (let a = 0; a < ARTICLES; a++) {
      if (next() > 0.3) continue;
      const leaning = (a + g * 7) % 4 === 0 ? 1 : (a + g * 3) % 5 === 0 ? -1 : 0;
      const r = next();
      const stance: Stance =
        leaning === 0
          ? STANCES[Math.floor(r * 4)]!
          : r < 0.85
            ? leaning > 0
              ? 'support'
              : 'oppose'
            : 'question';
      votes.push({ ...base, id: `v${p}-${a}`, personKey: `p${p}`, articleId: ids[a]!, stance });
    }
  }
  // Generated first, so the figure is the builder's, not the generator's.
  const heapBefore = heapMb();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const builder = new StanceMatrixBuilder(ids);
  for (const v of votes) builder.add(v);
  const matrix = builder.build();
  const t1 = performance.now();
  const result = findOpinionGroups(matrix, { seed: 42 });
  const t2 = performance.now();
  const heapHeld = heapMb() - heapBefore;
  const seconds = (t2 - t0) / 1000;
  const cpu = cpuSeconds(process.cpuUsage(cpu0));
  console.log(
    `opinion groups: ${PARTICIPANTS.toLocaleString('en')} participants × ${ARTICLES} articles`,
  );
  console.log(
    `  stance matrix from ${votes.length.toLocaleString('en')} comments: ${((t1 - t0) / 1000).toFixed(2)} s`,
  );
  console.log(
    `  PCA + k-means (k = 2..5) + silhouette + repness: ${((t2 - t1) / 1000).toFixed(2)} s`,
  );
  console.log(
    `  total: ${seconds.toFixed(2)} s (goal ≤ ${GOAL_CLUSTERING_S} s); CPU time ${cpu.toFixed(2)} s`,
  );
  if (result.status === 'grouped')
    console.log(
      `  k = ${result.k}, silhouette ${result.silhouette.toFixed(3)}, sizes ${result.groups.map((g) => g.participants.length).join('/')}, ` +
        `representative articles ${result.groups.map((g) => g.representativeArticles.length).join('/')}, consensus ${result.consensus.length}`,
    );
  else console.log(`  ${result.status}`);
  console.log(
    `  heap held by the matrix and the result (after GC): ${heapHeld.toFixed(1)} MB; ` +
      `peak RSS so far (the bench's ${votes.length.toLocaleString('en')} generated comments included): ${peakRssMb().toFixed(0)} MB`,
  );
  return seconds;
}

async function main(): Promise<void> {
  if (!gc) console.log('(run with --expose-gc for heap figures after a full GC)');
  const s = await synthesis();
  const c = clustering();
  console.log(
    `report bench: synthesis ${s.toFixed(2)} s ${s <= GOAL_SYNTHESIS_S ? 'meets' : 'MISSES'} its goal; ` +
      `clustering ${c.toFixed(2)} s ${c <= GOAL_CLUSTERING_S ? 'meets' : 'MISSES'} its goal; peak RSS ${peakRssMb().toFixed(0)} MB`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
