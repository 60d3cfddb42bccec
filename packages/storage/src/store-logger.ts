/**
 * The little the stores log (migrations, not data): a subset of pino's API, so a pino logger can be
 * passed as is. Never given document contents, which may hold personal data.
 */
export interface StoreLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}
