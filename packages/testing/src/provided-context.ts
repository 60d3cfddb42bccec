import type {} from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the run's throwaway nats-server; test files isolate themselves with `uniquePrefix()`. */
    natsUrl: string;
  }
}
