import type { operator } from '@pcn/contracts';
import { InvalidArgumentError, zodViolations, type FieldViolation } from '@pcn/platform';
import { z } from 'zod';

/**
 * The directory file of `pcn-admin directory import` (layout in the README and
 * infra/deploy/directory.example.json): one JSON object with the lists `units`, `organizations`
 * and `spokespersons`, each optional, field names as in the operator API. Only its shape is
 * checked here (types, unknown keys, size); the gateway checks the content (ids, names, parents,
 * references, limits) and refuses the whole file with field paths that are the file's own.
 */

/** Bigger files are refused before reading: a whole national tree is about 2 MB. */
export const MAX_DIRECTORY_FILE_BYTES = 4 * 1024 * 1024;
/** Problems listed at most; the rest are counted. */
export const MAX_LISTED_PROBLEMS = 50;

const str = z.string({ error: 'must be a string' });
const ref = z.union([str, z.null()], { error: 'must be a string or null' }).optional();

// Strict: a misspelt field (`parent` for `parentId`) or a key like `__proto__` is named, not dropped.
const unit = z.strictObject({
  id: str,
  name: str,
  level: str,
  parentId: ref,
  active: z.boolean({ error: 'must be true or false' }).optional(),
});
const organization = z.strictObject({ id: str, name: str, kind: str, unitId: ref });
const spokesperson = z.strictObject({
  id: str,
  organizationId: str,
  name: str,
  position: str,
  phone: str,
  email: str,
});
const directoryFile = z.strictObject({
  units: z.array(unit, { error: 'must be a list' }).optional(),
  organizations: z.array(organization, { error: 'must be a list' }).optional(),
  spokespersons: z.array(spokesperson, { error: 'must be a list' }).optional(),
});

export type DirectoryImportRecords = Omit<operator.ImportDirectoryRequest, 'dryRun'>;

/** Lists the first problems and counts the rest. */
export function listedProblems(violations: readonly FieldViolation[]): FieldViolation[] {
  if (violations.length <= MAX_LISTED_PROBLEMS) return [...violations];
  const shown = violations.slice(0, MAX_LISTED_PROBLEMS - 1);
  return [
    ...shown,
    { field: 'file', description: `${violations.length - shown.length} more problems not listed` },
  ];
}

/**
 * The records of a directory file, as the operator API takes them. Throws `InvalidArgumentError`
 * naming each problem (`units[3].name must be a string`) when the file is not such a file.
 */
export function parseDirectoryFile(bytes: Buffer): DirectoryImportRecords {
  const refuse = (description: string) =>
    new InvalidArgumentError([{ field: 'file', description }]);
  if (bytes.length > MAX_DIRECTORY_FILE_BYTES)
    throw refuse(
      `is ${bytes.length} bytes; at most ${MAX_DIRECTORY_FILE_BYTES} in one import (split it: records not in a file are kept)`,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw refuse('is not UTF-8 text; save it as UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw refuse(`is not JSON (${(err as Error).message})`);
  }
  const parsed = directoryFile.safeParse(json);
  if (!parsed.success) throw new InvalidArgumentError(listedProblems(zodViolations(parsed.error)));
  const file = parsed.data;
  return {
    units: (file.units ?? []).map((u) => ({
      id: u.id,
      name: u.name,
      level: u.level,
      parentId: u.parentId ?? '',
      active: u.active,
    })),
    organizations: (file.organizations ?? []).map((o) => ({
      id: o.id,
      name: o.name,
      kind: o.kind,
      unitId: o.unitId ?? '',
    })),
    spokespersons: file.spokespersons ?? [],
  };
}
