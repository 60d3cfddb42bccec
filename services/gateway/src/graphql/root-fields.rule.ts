import {
  Kind,
  OperationTypeNode,
  type ASTVisitor,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { queryTooComplex } from './errors.js';

export interface RootFieldLimits {
  /** The most an operation's root fields may weigh together. */
  max: number;
  /** What one mutation field weighs; any other root field weighs 1. */
  mutationWeight: number;
}

/**
 * Limits what one request may ask at its root, aliases included: each mutation field (a side
 * effect, such as a message sent or a record written) weighs `mutationWeight`, each read 1.
 * Without it, 2,000 aliased `subscribe` calls fit in one request.
 */
export function rootFieldsRule(limits: RootFieldLimits) {
  return function RootFieldWeight(context: ValidationContext): ASTVisitor {
    return {
      OperationDefinition(operation) {
        // Each response key is executed once (identical fields merge); fragments count as inlined.
        const keys = new Map<string, boolean>();
        const seen = new Set<string>();
        const collect = (set: SelectionSetNode) => {
          for (const node of set.selections) {
            if (node.kind === Kind.FIELD) {
              const sideEffect =
                operation.operation === OperationTypeNode.MUTATION &&
                !node.name.value.startsWith('__');
              keys.set((node.alias ?? node.name).value, sideEffect);
            } else if (node.kind === Kind.INLINE_FRAGMENT) collect(node.selectionSet);
            else if (!seen.has(node.name.value)) {
              seen.add(node.name.value);
              const fragment = context.getFragment(node.name.value);
              if (fragment) collect(fragment.selectionSet);
            }
          }
        };
        collect(operation.selectionSet);
        const mutations = [...keys.values()].filter(Boolean).length;
        const reads = keys.size - mutations;
        const weight = mutations * limits.mutationWeight + reads;
        if (weight <= limits.max) return;
        const message =
          mutations === 0
            ? `The request has ${reads} root fields, over the limit of ${limits.max}; ` +
              `ask for the rest in further requests.`
            : `The request's root fields weigh ${weight} (${mutations} mutations at ` +
              `${limits.mutationWeight} each, ${reads} other fields at 1), over the limit of ` +
              `${limits.max}: at most ${Math.floor(limits.max / limits.mutationWeight)} mutations ` +
              `fit in one request; send the rest in further requests.`;
        context.reportError(
          queryTooComplex('rootFields', message, {
            max: limits.max,
            found: weight,
            nodes: [operation],
          }),
        );
      },
    };
  };
}
