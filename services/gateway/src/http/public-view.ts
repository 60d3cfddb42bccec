import type { CallerIdentity } from '@pcn/platform';
import {
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** The visibility class of everyone who sees what the anonymous public sees. */
export const PUBLIC_VIEW = 'public';

/**
 * Roles that add nothing to the anonymous view of drafts and the directory: drafts are read by
 * everyone once disclosed, and before that only by network admins and the drafting agency's
 * editors (see the draft service's `canRead`). Listed, not inferred, so that a new role is kept
 * out of the shared answers until someone decides otherwise.
 */
const PUBLIC_VIEW_ROLES: ReadonlySet<string> = new Set([
  'public',
  'partner_system',
  'press_partner',
  'unit_officer',
]);

/**
 * Root fields whose answer depends on nothing but the caller's visibility class: drafts (by the
 * rule above) and the public directory. Anything else (`me`, `mySubscriptions`, admin fields...)
 * answers differently per caller, so a query that reads it is never served from shared answers.
 */
const SHARED_ROOT_FIELDS: ReadonlySet<string> = new Set([
  '__typename',
  '__schema',
  '__type',
  'drafts',
  'draft',
  'draftVersion',
  'draftDiff',
  'units',
  'unit',
  'organizations',
  'spokespersons',
]);

/** Health and identity are live by nature: never served from memory, even to the public. */
const UNCACHED_ROOT_FIELDS: ReadonlySet<string> = new Set(['network', 'me']);

/**
 * The caller's visibility class: `public` when their rights add nothing to the anonymous view,
 * else undefined (their answers are their own). Never derived from the credential itself.
 */
export function viewClass(caller: CallerIdentity): string | undefined {
  if (caller.kind === 'anonymous') return PUBLIC_VIEW;
  return caller.roles.every((role) => PUBLIC_VIEW_ROLES.has(role)) ? PUBLIC_VIEW : undefined;
}

export interface QueryShape {
  /** Only queries (no mutation or subscription) and no live field: the public answer may be kept. */
  cacheable: boolean;
  /** Cacheable, and every root field is one whose answer depends on the visibility class alone. */
  shared: boolean;
}

/** What a document reads at its root, fragments followed, for every operation in it. */
export function queryShape(document: DocumentNode): QueryShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const roots = new Set<string>();
  const visited = new Set<string>();
  const collect = (set: SelectionSetNode): void => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) roots.add(sel.name.value);
      else if (sel.kind === Kind.INLINE_FRAGMENT) collect(sel.selectionSet);
      else if (!visited.has(sel.name.value)) {
        visited.add(sel.name.value);
        const fragment = fragments.get(sel.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  let operations = 0;
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    if (d.operation !== OperationTypeNode.QUERY) return { cacheable: false, shared: false };
    operations += 1;
    collect(d.selectionSet);
  }
  if (operations === 0) return { cacheable: false, shared: false };
  const names = [...roots];
  const cacheable = names.every((name) => !UNCACHED_ROOT_FIELDS.has(name));
  return { cacheable, shared: cacheable && names.every((name) => SHARED_ROOT_FIELDS.has(name)) };
}
