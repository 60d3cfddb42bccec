// Renders the synthesis DOCX in a worker thread (see report-docx-off-thread.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { OpinionGroupsResult } from '../app/report/opinion-groups.js';
import type { ReportRow, SynthesisReport } from '../app/report/synthesis-report.model.js';
import { synthesisDocx } from './report-docx.js';

/** What the worker is started with (`workerData`). */
export interface DocxWorkerInput {
  report: SynthesisReport;
  rows: ReportRow[];
  groups: OpinionGroupsResult | undefined;
}

const input = workerData as DocxWorkerInput;
const bytes = await synthesisDocx(input.report, input.rows, input.groups);
parentPort!.postMessage(bytes);
