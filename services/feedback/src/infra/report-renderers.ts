// The export adapters the ExportSynthesis use case is given: the DOCX rendered in a worker thread
// (a 6,000-row render would stall intake for seconds on the service's thread), the CSV collected
// from its stream with a byte cap.
import { FailedPreconditionError } from '@pcn/platform';
import type { SynthesisFormat, SynthesisRenderer } from '../app/export-synthesis.usecase.js';
import { synthesisCsv } from './report-csv.js';
import { synthesisDocxOffThread } from './report-docx-off-thread.js';

/** Room left in a gRPC message for the file name and framing. */
const ENVELOPE_BYTES = 64 * 1024;

function tooLarge(limit: number): FailedPreconditionError {
  return new FailedPreconditionError(
    `The export is larger than ${limit} bytes, the gRPC message limit: raise GRPC_MAX_MESSAGE_BYTES on the feedback service and the gateway`,
    'EXPORT_TOO_LARGE',
  );
}

export function synthesisRenderers(
  maxMessageBytes: number,
): Record<SynthesisFormat, SynthesisRenderer> {
  const limit = maxMessageBytes - ENVELOPE_BYTES;
  return {
    async docx(s) {
      const bytes = await synthesisDocxOffThread(s.report, s.rows(), s.opinionGroups);
      if (bytes.length > limit) throw tooLarge(limit);
      return bytes;
    },
    async csv(s) {
      const chunks: Buffer[] = [];
      let size = 0;
      const stream = synthesisCsv(s.report, s.rows());
      for await (const chunk of stream) {
        const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
        size += b.length;
        if (size > limit) {
          stream.destroy();
          throw tooLarge(limit);
        }
        chunks.push(b);
      }
      return Buffer.concat(chunks);
    },
  };
}
