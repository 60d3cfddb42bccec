import { InvalidArgumentError } from '@pcn/platform';

/** The largest page a list answers with. */
export const MAX_PAGE = 200;

/** The page size asked for, `fallback` when not given; INVALID_ARGUMENT outside 1-MAX_PAGE. */
export function pageSize(first: number | undefined, fallback = 50): number {
  if (first === undefined || first === 0) return fallback;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
    throw new InvalidArgumentError([{ field: 'first', description: `must be 1-${MAX_PAGE}` }]);
  return first;
}
