import { collectSubFields } from '@graphql-tools/utils';
import { getNamedType, isObjectType, type FieldNode, type GraphQLResolveInfo } from 'graphql';

/**
 * The names of the fields a query selects under the field being resolved, following `path` (field
 * names, aliases ignored) down; fragments, `@skip` and `@include` applied. So a resolver can ask a
 * backend for only what the answer uses: `drafts` skips the count or the bodies no one selected.
 */
export function selectedFields(
  info: GraphQLResolveInfo,
  path: readonly string[] = [],
): Set<string> {
  let type = getNamedType(info.returnType);
  let nodes: FieldNode[] = [...info.fieldNodes];
  for (let depth = 0; ; depth++) {
    if (!isObjectType(type)) return new Set();
    const { fields } = collectSubFields(
      info.schema,
      info.fragments,
      info.variableValues,
      type,
      nodes,
    );
    const groups = [...fields.values()];
    const step = path[depth];
    if (step === undefined) return new Set(groups.flatMap((g) => g.map((n) => n.name.value)));
    nodes = groups.flat().filter((n) => n.name.value === step);
    const field = type.getFields()[step];
    if (nodes.length === 0 || !field) return new Set();
    type = getNamedType(field.type);
  }
}
