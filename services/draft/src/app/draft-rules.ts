/** Rules the lifecycle applies, from configuration. */
export interface DraftRules {
  /** Document types the network knows, with the minimum consultation length of each, in ms. */
  minConsultationMs: Readonly<Record<string, number>>;
  /** How long before `closesAt` the `ConsultationClosingSoon` notice goes out. */
  closingSoonLeadMs: number;
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Parses `law=60d,decree=30d,provincial_decision=20d` into minimum lengths per document type.
 * Units: s, m, h, d. Returns undefined when the text is malformed.
 */
export function parseDocumentTypes(text: string): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const match = /^\s*([a-z][a-z0-9_]{0,63})\s*=\s*(\d{1,6})([smhd])\s*$/.exec(part);
    if (!match) return undefined;
    const [, type, amount, unit] = match;
    if (!type || !amount || !unit) return undefined;
    out[type] = Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The minimums of `types` with those of `overrides` in their place: one type's minimum changes
 * without restating the others. A type named in `overrides` that `types` does not know is an
 * error (a typo would otherwise add a type), returned by name.
 */
export function withMinimumOverrides(
  types: Readonly<Record<string, number>>,
  overrides: Readonly<Record<string, number>>,
): { ok: true; minimums: Record<string, number> } | { ok: false; unknown: string[] } {
  const unknown = Object.keys(overrides).filter((type) => !Object.hasOwn(types, type));
  if (unknown.length > 0) return { ok: false, unknown };
  return { ok: true, minimums: { ...types, ...overrides } };
}

/** The settings that govern the minimum consultation lengths, for errors that name them. */
export const MINIMUM_SETTINGS = 'DOCUMENT_TYPES and CONSULTATION_MINIMUMS (draft service)';

/** Parses a duration such as `3d` or `90s`. */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d{1,6})([smhd])\s*$/.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/**
 * Defaults: Law 64/2025/QH15 and Decree 78/2025/ND-CP set minimum posting periods by document
 * type; they differ, so each is configurable. These are the conservative figures in use.
 */
export const DEFAULT_DOCUMENT_TYPES =
  'law=30d,ordinance=30d,resolution=30d,decree=30d,decision=20d,circular=20d,' +
  'provincial_resolution=20d,provincial_decision=20d,commune_resolution=20d,commune_decision=20d';

/**
 * The document types PCN knows (the GraphQL schema's DocumentType enum spells the same names):
 * DOCUMENT_TYPES and CONSULTATION_MINIMUMS set their lengths, and name no others.
 */
export const DOCUMENT_TYPE_NAMES: readonly string[] = DEFAULT_DOCUMENT_TYPES.split(',').map(
  (part) => part.split('=')[0] as string,
);

/** The names in `types` that are not document types PCN knows. */
export function unknownDocumentTypes(types: Readonly<Record<string, number>>): string[] {
  return Object.keys(types).filter((type) => !DOCUMENT_TYPE_NAMES.includes(type));
}
