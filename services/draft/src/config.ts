import { ConfigError, loadConfig } from '@pcn/platform';
import { backendEnv } from '@pcn/service-kit';
import { z } from 'zod';
import {
  DEFAULT_DOCUMENT_TYPES,
  parseDocumentTypes,
  parseDuration,
  DOCUMENT_TYPE_NAMES,
  unknownDocumentTypes,
  withMinimumOverrides,
} from './app/draft-rules.js';

/** Parsed minimums whose every type PCN knows; otherwise an issue naming the strangers. */
function known(types: Record<string, number> | undefined, ctx: z.RefinementCtx) {
  if (!types) return (ctx.addIssue({ code: 'custom', message: 'bad' }), z.NEVER);
  const unknown = unknownDocumentTypes(types);
  if (unknown.length > 0) {
    ctx.addIssue({ code: 'custom', message: `unknown document type ${unknown.join(', ')}` });
    return z.NEVER;
  }
  return types;
}

/** The draft service's environment: the backend variables, gRPC on 50051 by default, and its rules. */
export const draftEnv = {
  ...backendEnv(50051),
  DOCUMENT_TYPES: z
    .string()
    .default(DEFAULT_DOCUMENT_TYPES)
    .transform((v, ctx) => known(parseDocumentTypes(v), ctx))
    .describe(
      `document types with their minimum consultation length, e.g. law=60d,provincial_decision=20d (units s, m, h, d; types: ${DOCUMENT_TYPE_NAMES.join(', ')})`,
    ),
  CONSULTATION_MINIMUMS: z
    .string()
    .default('')
    .transform((v, ctx) => (v.trim() === '' ? {} : known(parseDocumentTypes(v), ctx)))
    .describe(
      'minimum consultation lengths that replace those of DOCUMENT_TYPES for the types named, e.g. provincial_decision=3m for a short demo (units s, m, h, d; default none)',
    ),
  CLOSING_SOON_LEAD: z
    .string()
    .default('3d')
    .transform(
      (v, ctx) => parseDuration(v) ?? (ctx.addIssue({ code: 'custom', message: 'bad' }), z.NEVER),
    )
    .describe(
      'how long before closing the closing-soon notice goes out, e.g. 3d or 90s (default 3d)',
    ),
  SCHEDULER_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(600_000)
    .default(1000)
    .describe('how often the consultation scheduler looks for due work, in ms (default 1000)'),
  DIFF_CELL_BUDGET: z.coerce
    .number()
    .int()
    .min(0)
    .max(50_000_000)
    .default(2_000_000)
    .describe(
      'word-diff table cells one DiffDraftVersions call may fill across its articles; longer changed articles are shown replaced whole (default 2000000, about 25 ms)',
    ),
};

/** The environment, with CONSULTATION_MINIMUMS applied over DOCUMENT_TYPES. */
export function loadDraftConfig(environment: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(draftEnv, environment);
  const merged = withMinimumOverrides(config.DOCUMENT_TYPES, config.CONSULTATION_MINIMUMS);
  if (!merged.ok)
    throw new ConfigError([
      {
        variable: 'CONSULTATION_MINIMUMS',
        expected: `names ${merged.unknown.join(', ')}, which DOCUMENT_TYPES does not list; expected one of ${Object.keys(config.DOCUMENT_TYPES).join(', ')}`,
      },
    ]);
  return Object.freeze({ ...config, DOCUMENT_TYPES: merged.minimums });
}

export type DraftConfig = ReturnType<typeof loadDraftConfig>;
