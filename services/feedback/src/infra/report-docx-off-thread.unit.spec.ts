import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { synthesisDocx } from './report-docx.js';
import { synthesisDocxOffThread } from './report-docx-off-thread.js';
import { exportsFixture, HIDDEN_MARKER } from './report-exports.fixtures.js';

const documentXml = (bytes: Buffer) =>
  strFromU8(unzipSync(new Uint8Array(bytes))['word/document.xml']!);

describe('synthesisDocxOffThread', () => {
  it('renders in a worker the same document as on the calling thread', async () => {
    const { report, rows } = exportsFixture();
    const [here, there] = await Promise.all([
      synthesisDocx(report, rows),
      synthesisDocxOffThread(report, rows),
    ]);
    expect(documentXml(there)).toBe(documentXml(here));
    expect(documentXml(there)).not.toContain(HIDDEN_MARKER);
  });

  it('rejects with the worker error instead of hanging', async () => {
    const { report, rows } = exportsFixture();
    // A report without its totals cannot be rendered: the worker throws, the promise rejects.
    const broken = { ...report, totals: undefined } as unknown as typeof report;
    // The render's own error, from inside the worker (not a failure to start it).
    await expect(synthesisDocxOffThread(broken, rows)).rejects.toThrow(
      "Cannot read properties of undefined (reading 'hidden')",
    );
  });
});
