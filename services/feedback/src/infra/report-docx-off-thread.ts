// The DOCX render takes about 0.4 ms of CPU per table row (the `docx` package builds and
// serializes an object per row, cell, paragraph and run): seconds for a large consultation. Run on
// the service's own thread, that would stall intake and gRPC for as long; in a worker it does not.
import { Worker } from 'node:worker_threads';
import type { OpinionGroupsResult } from '../app/report/opinion-groups.js';
import type { ReportRow, SynthesisReport } from '../app/report/synthesis-report.model.js';
// A type import, and so also what brings the worker's module into every build of this one.
import type { DocxWorkerInput } from './report-docx.worker.js';

const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER = new URL(`./report-docx.worker.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url);

/**
 * Tests run the TypeScript sources: there the worker loads its module through tsx's API (an
 * `--import tsx` in a worker's execArgv is not applied to its entry on Node 20).
 */
function startWorker(workerData: DocxWorkerInput): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER, { workerData });
  const code = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(WORKER.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(code, { eval: true, workerData });
}

/** `synthesisDocx`, rendered in a worker thread: the same document, the event loop left free. */
export function synthesisDocxOffThread(
  report: SynthesisReport,
  rows: Iterable<ReportRow>,
  groups?: OpinionGroupsResult,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const worker = startWorker({ report, rows: [...rows], groups });
    let done = false;
    worker.once('message', (bytes: Uint8Array) => {
      done = true;
      resolve(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
    worker.once('error', (err) => {
      done = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`the DOCX worker stopped (exit code ${code}) before answering`));
    });
  });
}
