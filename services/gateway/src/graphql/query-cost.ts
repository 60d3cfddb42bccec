import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isListType,
  isInterfaceType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

/** The sizes of the directory's lists, known before any of them is read. */
export interface DirectorySizes {
  /** How many units `units(parentId, level, includeInactive)` returns; level in lower case. */
  units(filter: { parentId?: string | null; level?: string; includeInactive: boolean }): number;
  /** The most children any one unit has. */
  maxChildren(includeInactive: boolean): number;
  organizations(kind?: string): number;
  spokespersons(organizationId?: string): number;
}

/**
 * Fields priced, by default, before the walk gives up (a document of fragments spread into
 * fragments can expand far beyond its size); past it the query is priced at Infinity.
 */
export const MAX_PRICED_FIELDS = 100_000;

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** Coerced variable values: a `first` passed as a variable counts at its value. */
  variables: Record<string, unknown>;
  sizes: DirectorySizes;
  /**
   * Selections walked before giving up (default MAX_PRICED_FIELDS). Each field resolved at least
   * once adds at least 1 to the cost, so the cost limit is a safe value.
   */
  maxFields?: number;
}

/** What the fields below a field are resolved for. */
interface Scope {
  /** How many times the selection is resolved: the product of the list sizes above it. */
  times: number;
  /** The page size of the connection right above (its `first`), for its item lists. */
  page: number | undefined;
  /** Whether the objects resolved are distinct units: their children are then at most all units. */
  distinctUnits: boolean;
}

class TooManyFields extends Error {}

/** The arguments that size a list; a field without any of them is priced without its arguments. */
const SIZING_ARGUMENTS = new Set([
  'first',
  'parentId',
  'level',
  'includeInactive',
  'kind',
  'organizationId',
]);

/** What pricing needs of a field, worked out once per field of the schema. */
interface FieldShape {
  isList: boolean;
  type: GraphQLNamedType;
  sized: boolean;
}
const shapes = new WeakMap<GraphQLField<unknown, unknown>, FieldShape>();
function shapeOf(field: GraphQLField<unknown, unknown>): FieldShape {
  let shape = shapes.get(field);
  if (!shape) {
    shape = {
      isList: isListType(getNullableType(field.type)),
      type: getNamedType(field.type),
      sized: field.args.some((a) => SIZING_ARGUMENTS.has(a.name)),
    };
    shapes.set(field, shape);
  }
  return shape;
}
const NO_ARGUMENTS: Record<string, unknown> = Object.freeze({});

/**
 * The cost of an operation: how many values its answer holds at most, each field counted once per
 * object it is resolved on. Lists count at their real size where it is known before reading:
 * `first` (variables included, defaults applied) for pages; for the directory, its current unit
 * counts (per parent, level and activity), the most children a unit has, and its organizations
 * and spokespersons. Lists whose length is known only once read (a draft's chapters, a diff)
 * count as one item; the answer byte cap bounds those.
 */
export function queryCost(input: CostInput): number {
  const { schema, fragments, variables, sizes } = input;
  const maxFields = input.maxFields ?? MAX_PRICED_FIELDS;
  let visited = 0;
  let cost = 0;

  const skipped = (node: SelectionNode): boolean =>
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true ||
    getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if === false;

  function fieldOf(parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | null {
    if (name === SchemaMetaFieldDef.name && parent === schema.getQueryType())
      return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name && parent === schema.getQueryType()) return TypeMetaFieldDef;
    if (isObjectType(parent) || isInterfaceType(parent)) return parent.getFields()[name] ?? null;
    return null;
  }

  function argumentsOf(
    field: GraphQLField<unknown, unknown>,
    node: SelectionNode,
  ): Record<string, unknown> {
    if (!shapeOf(field).sized || node.kind !== Kind.FIELD) return NO_ARGUMENTS;
    try {
      return getArgumentValues(field, node, variables);
    } catch {
      // Arguments execution would refuse anyway: they are priced at their defaults.
      return NO_ARGUMENTS;
    }
  }

  /** How many items a list field gives over all `scope.times` objects it is resolved on. */
  function listItems(
    parent: GraphQLNamedType,
    field: GraphQLField<unknown, unknown>,
    args: Record<string, unknown>,
    scope: Scope,
  ): number {
    const { times } = scope;
    if (typeof args.first === 'number') return times * Math.max(0, args.first);
    if (scope.page !== undefined) return times * scope.page;
    const includeInactive = args.includeInactive === true;
    const where = `${parent.name}.${field.name}`;
    if (where === 'Query.units')
      return sizes.units({
        ...(args.parentId !== undefined ? { parentId: args.parentId as string | null } : {}),
        ...(typeof args.level === 'string' ? { level: args.level.toLowerCase() } : {}),
        includeInactive,
      });
    if (where === 'Unit.children') {
      const all = sizes.units({ includeInactive });
      const most = times * sizes.maxChildren(includeInactive);
      // The children of distinct units are disjoint: together they are at most every unit.
      return scope.distinctUnits ? Math.min(most, all) : most;
    }
    if (where === 'Query.organizations')
      return sizes.organizations(
        typeof args.kind === 'string' ? args.kind.toLowerCase() : undefined,
      );
    if (where === 'Query.spokespersons')
      return sizes.spokespersons(
        typeof args.organizationId === 'string' ? args.organizationId : undefined,
      );
    // Any other list of units (a draft's targets, a user's units) holds distinct directory units.
    if (shapeOf(field).type.name === 'Unit') return times * sizes.units({ includeInactive: true });
    return times;
  }

  function walk(selectionSet: SelectionSetNode, parent: GraphQLNamedType, scope: Scope): void {
    for (const node of selectionSet.selections) {
      if (++visited > maxFields) throw new TooManyFields();
      if (skipped(node)) continue;
      if (node.kind === Kind.INLINE_FRAGMENT) {
        const type = node.typeCondition ? schema.getType(node.typeCondition.name.value) : parent;
        walk(node.selectionSet, type ?? parent, scope);
        continue;
      }
      if (node.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(node.name.value);
        const type = fragment && schema.getType(fragment.typeCondition.name.value);
        if (fragment && type) walk(fragment.selectionSet, type, scope);
        continue;
      }
      cost += scope.times;
      const field = fieldOf(parent, node.name.value);
      if (!field) continue; // __typename, or a field validation already refused
      const args = argumentsOf(field, node);
      const { isList, type } = shapeOf(field);
      const items = isList ? listItems(parent, field, args, scope) : scope.times;
      if (isList) cost += items;
      if (!node.selectionSet) continue;
      const where = `${parent.name}.${field.name}`;
      walk(node.selectionSet, type, {
        times: items,
        // `first` on a connection (an object) sizes the lists right inside it.
        page: !isList && typeof args.first === 'number' ? Math.max(0, args.first) : undefined,
        distinctUnits:
          type.name === 'Unit' &&
          (where === 'Query.units' ||
            (where === 'Unit.children' && scope.distinctUnits) ||
            items <= 1),
      });
    }
  }

  const root = schema.getRootType(input.operation.operation);
  if (!root) return 0;
  try {
    walk(input.operation.selectionSet, root, { times: 1, page: undefined, distinctUnits: false });
  } catch (err) {
    if (err instanceof TooManyFields) return Infinity;
    throw err;
  }
  return cost;
}
