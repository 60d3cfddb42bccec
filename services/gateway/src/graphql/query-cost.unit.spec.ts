import {
  getOperationAST,
  getVariableValues,
  Kind,
  parse,
  type FragmentDefinitionNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { queryCost, type DirectorySizes } from './query-cost.js';
import { createGatewaySchema } from './schema.js';

const schema = createGatewaySchema();

/** A directory of 100 units (80 active), where a unit has at most 30 children (25 active). */
const sizes: DirectorySizes = {
  units: ({ parentId, level, includeInactive }) => {
    if (parentId === 'root') return includeInactive ? 30 : 25;
    if (parentId !== undefined) return 0;
    if (level === 'province') return 1;
    return includeInactive ? 100 : 80;
  },
  maxChildren: (includeInactive) => (includeInactive ? 30 : 25),
  organizations: (kind) => (kind === undefined ? 12 : 3),
  spokespersons: () => 7,
};

function cost(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) throw new Error(coerced.errors[0]?.message);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return queryCost({ schema, operation, fragments, variables: coerced.coerced, sizes });
}

describe('queryCost', () => {
  it('prices `first` at its value, as a variable, a literal or the default', () => {
    const page = '{ edges { node { id title } } }';
    const literal = cost(`{ drafts(first: 40) ${page} }`);
    expect(cost(`query($n: Int) { drafts(first: $n) ${page} }`, { n: 40 })).toBe(literal);
    // drafts, edges (1 + 40), node (40), id and title (40 each)
    expect(literal).toBe(1 + 1 + 40 + 40 + 80);
    expect(cost(`{ drafts ${page} }`)).toBe(cost(`{ drafts(first: 20) ${page} }`));
    expect(cost(`query($n: Int) { drafts(first: $n) ${page} }`, { n: 4000 })).toBe(
      1 + 1 + 4000 + 4000 + 8000,
    );
    expect(cost(`{ drafts(first: 0) ${page} }`)).toBe(2);
  });

  it('prices the directory at its real sizes', () => {
    expect(cost('{ units { id } }')).toBe(1 + 80 + 80);
    expect(cost('{ units(includeInactive: true) { id } }')).toBe(1 + 100 + 100);
    expect(cost('{ units(parentId: "root") { id } }')).toBe(1 + 25 + 25);
    expect(cost('{ units(level: PROVINCE) { id } }')).toBe(1 + 1 + 1);
    expect(cost('{ organizations { id } spokespersons { id } }')).toBe(1 + 12 + 12 + 1 + 7 + 7);
  });

  it('bounds the children of distinct units by the directory, but not of repeated ones', () => {
    // Down the tree each level's units are distinct: together at most the 80 active ones.
    const down = cost('{ units { children { children { id } } } }');
    expect(down).toBe(1 + 80 + 3 * 80 + 80 * 2);
    // Through `parent`, units repeat: each one's siblings are counted again.
    const siblings = cost('{ units { parent { children { id } } } }');
    expect(siblings).toBe(1 + 80 + 80 + 80 + 80 * 25 + 80 * 25);
    expect(cost('{ unit(id: "x") { children { children { id } } } }')).toBe(
      1 + 1 + 25 + 25 + 80 + 80,
    );
  });

  it('counts fragments as inlined, and skips what @skip and @include leave out', () => {
    const inline = cost('{ units { id name } }');
    expect(cost('{ units { ...U } } fragment U on Unit { id name }')).toBe(inline);
    expect(cost('{ units { ... on Unit { id name } } }')).toBe(inline);
    expect(
      cost('query($no: Boolean!) { units { id name @include(if: $no) } }', { no: false }),
    ).toBe(cost('{ units { id } }'));
  });

  it('gives up on a document that expands past what it may price (300,000 fields here)', () => {
    const spread = (to: string) => Array.from({ length: 10 }, () => `...${to}`).join(' ');
    const bomb = `{ units { ...A } }
      fragment A on Unit { children { ${spread('B')} } }
      fragment B on Unit { children { ${spread('C')} } }
      fragment C on Unit { children { ${spread('D')} } }
      fragment D on Unit { children { ${spread('E')} } }
      fragment E on Unit { children { ${spread('F')} } }
      fragment F on Unit { id name level }`;
    expect(cost(bomb)).toBe(Infinity);
  });
});
