import { REQUEST_SECONDS_BUCKETS, type Registry } from '@pcn/platform';
import {
  createCounter,
  createHistogram,
  usePrometheus,
  type FillLabelsFnParams,
} from '@graphql-yoga/plugin-prometheus';
import { Kind } from 'graphql';

/** Operation names kept as label values by default; later new names count as `other`. */
export const DEFAULT_MAX_OPERATION_NAMES = 200;

const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
const CODE = /^[A-Z][A-Z0-9_]{0,47}$/;

/**
 * Bounds the `operation_name` label. Clients choose operation names, so a hostile one could send
 * a new name with every request: only the first `max` distinct names seen are kept as they are,
 * every later one is `other`, a name that names no operation of the document (or is not a plain
 * GraphQL name up to 64 characters) is `other`, no name is `anonymous`, and an unparsable
 * document is `unknown`. The set never shrinks while the process runs, so a kept name's series
 * stay continuous.
 */
export class OperationNames {
  readonly #kept = new Set<string>();
  readonly #max: number;

  constructor(max = DEFAULT_MAX_OPERATION_NAMES) {
    this.#max = max;
  }

  label(params: FillLabelsFnParams): string {
    const { document, operationName } = params;
    if (!document) return 'unknown';
    if (!operationName || operationName === 'Anonymous') return 'anonymous';
    if (!NAME.test(operationName)) return 'other';
    const named = document.definitions.some(
      (d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === operationName,
    );
    if (!named) return 'other';
    if (this.#kept.has(operationName)) return operationName;
    if (this.#kept.size >= this.#max) return 'other';
    this.#kept.add(operationName);
    return operationName;
  }

  get size(): number {
    return this.#kept.size;
  }
}

type Labels = 'operation_type' | 'operation_name';

/**
 * GraphQL metrics through the Yoga Prometheus plugin, on the gateway's registry:
 * - `pcn_graphql_operations_total{operation_type,operation_name}`: operations executed;
 * - `pcn_graphql_operation_duration_seconds{operation_type,operation_name}`: their execution
 *   time (for a subscription, setting it up);
 * - `pcn_graphql_errors_total{operation_type,operation_name,phase,code}`: errors in answers, by
 *   phase (parse, validate, context, execute, subscribe) and `extensions.code`.
 * The plugin serves no endpoint and times no HTTP stage (both would hook the HTTP stage and turn
 * the lean path off); /metrics is served on its own listener.
 */
export function useGraphQLMetrics(registry: Registry, names = new OperationNames()) {
  const labels = (params: FillLabelsFnParams): Record<Labels, string> => ({
    operation_type: params.operationType ?? 'unknown',
    operation_name: names.label(params),
  });
  return usePrometheus({
    registry,
    endpoint: false,
    skipIntrospection: false,
    metrics: {
      graphql_envelop_request: createCounter<'execute' | 'subscribe', Labels>({
        registry,
        counter: {
          name: 'pcn_graphql_operations_total',
          help: 'GraphQL operations executed, by type and (bounded) operation name',
          labelNames: ['operation_type', 'operation_name'],
        },
        fillLabelsFn: labels,
      }),
      graphql_envelop_phase_execute: createHistogram<'execute', Labels>({
        registry,
        histogram: {
          name: 'pcn_graphql_operation_duration_seconds',
          help: 'Time spent executing GraphQL operations, in seconds',
          labelNames: ['operation_type', 'operation_name'],
          buckets: REQUEST_SECONDS_BUCKETS,
        },
        fillLabelsFn: labels,
      }),
      graphql_envelop_error_result: createCounter<
        'parse' | 'validate' | 'context' | 'execute' | 'subscribe',
        Labels | 'phase' | 'code',
        FillLabelsFnParams & { errorPhase?: string }
      >({
        registry,
        counter: {
          name: 'pcn_graphql_errors_total',
          help: 'Errors in GraphQL answers, by phase and extensions.code',
          labelNames: ['operation_type', 'operation_name', 'phase', 'code'],
        },
        fillLabelsFn: (params) => {
          const code = params.error?.extensions?.['code'];
          return {
            ...labels(params),
            phase: params.errorPhase ?? 'unknown',
            code: typeof code === 'string' && CODE.test(code) ? code : 'none',
          };
        },
      }),
      graphql_envelop_deprecated_field: false,
      graphql_envelop_request_duration: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_schema_change: false,
      graphql_envelop_execute_resolver: false,
      graphql_yoga_http_duration: false,
    },
  });
}
