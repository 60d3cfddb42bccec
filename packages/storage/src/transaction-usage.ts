/**
 * A transaction used in a way the contract forbids: a transaction opened inside another, a
 * `store.*` call made from inside a transaction's work (use `tx.*`), or a `tx` used after its
 * transaction ended. Both stores throw it, with the same messages: it is a programming error, not
 * something a caller should catch and retry.
 */
export class TransactionUsageError extends Error {
  override readonly name = 'TransactionUsageError';
}

export const NESTED_TRANSACTION = 'Transactions do not nest; use the tx you were given';
export const STORE_INSIDE_TRANSACTION =
  'Inside a transaction, use tx.collection() instead of store.collection()';
export const TRANSACTION_FINISHED =
  'This transaction has finished; use the store, or a new transaction';
