// GraphQL Code Generator: resolver types from schema.graphql (`pnpm run codegen`; `codegen:check`
// fails when src/graphql/generated is out of date). schema.graphql itself comes from the
// type-defs (`npm run schema:export`).
/** @type {import('@graphql-codegen/cli').CodegenConfig} */
const config = {
  schema: 'schema.graphql',
  generates: {
    'src/graphql/generated/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        // Enum values are their names at run time, as before: string unions, no TS enums.
        enumsAsTypes: true,
        strictScalars: true,
        // The DateTime scalar parses to a Date and serializes a Date or an ISO string.
        scalars: { DateTime: { input: 'Date', output: 'Date | string' } },
        contextType: '../context.js#GatewayContext',
        // What the resolvers of these types receive: internal objects, not the GraphQL shape.
        // Imported as <name>Model, so identity's Unit does not collide with GraphQL's Unit.
        mapperTypeSuffix: 'Model',
        mappers: {
          ApiClient: '../../identity/identity.contract.js#ApiClientView',
          AuditEntry: '@pcn/contracts#draft.AuditEntry',
          Consultation: '@pcn/contracts#draft.Consultation',
          Draft: '../draft-view.js#DraftView',
          Me: '../directory.resolvers.js#MeView',
          Network: 'Record<string, never>',
          Organization: '../../identity/identity.contract.js#Organization',
          Spokesperson: '../../identity/identity.contract.js#Spokesperson',
          Subscriber: "Omit<Subscriber, 'units'>",
          Unit: '../../identity/identity.contract.js#Unit',
        },
      },
    },
  },
};

export default config;
