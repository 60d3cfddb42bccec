import { AsyncResource } from 'node:async_hooks';

/** One call waiting in a group: its input, and a way back into its own context. */
export interface GroupMember<I> {
  readonly input: I;
  /**
   * Runs `fn` in the context of the call that submitted this member: its correlation id, caller
   * and trace, so the events and logs of its part of the commit carry its own.
   */
  inContext<R>(fn: () => R): R;
}

/** What one member's part of a group commit came to. */
export type MemberOutcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

export interface GroupCommitOptions<I, O> {
  /**
   * Commits the members in one transaction, in order, returning one outcome per member: a member
   * refused before it wrote anything gets its error; the commit stands for the others. A rejection
   * means nothing of the group was committed.
   */
  commit(members: readonly GroupMember<I>[]): Promise<readonly MemberOutcome<O>[]>;
  /**
   * One member on its own, after its group failed as a whole (a clash one of them caused, say):
   * each then gets the answer it would have got without company.
   */
  alone(input: I): Promise<O>;
  /** Most members in one commit. */
  maxGroup: number;
}

/**
 * Group commit: calls that arrive in the same turn of the event loop, or while a commit runs, go
 * together in one transaction, so N concurrent requests pay for one BEGIN and COMMIT and one relay
 * round instead of N. A call waits at most for the turn to end, never for company.
 */
export function groupCommit<I, O>(options: GroupCommitOptions<I, O>): (input: I) => Promise<O> {
  interface Waiting {
    member: GroupMember<I>;
    resolve: (value: O) => void;
    reject: (error: unknown) => void;
  }
  const queue: Waiting[] = [];
  let running = false;

  async function commitGroup(group: Waiting[]): Promise<void> {
    let outcomes: readonly MemberOutcome<O>[];
    try {
      outcomes = await options.commit(group.map((w) => w.member));
      if (outcomes.length !== group.length)
        throw new Error(`group commit returned ${outcomes.length} outcomes for ${group.length}`);
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
      // Nothing of the group was written: each goes again on its own, in its own context.
      await Promise.all(
        group.map((w) =>
          w.member.inContext(() => options.alone(w.member.input)).then(w.resolve, w.reject),
        ),
      );
      return;
    }
    outcomes.forEach((outcome, i) => {
      const w = group[i];
      if (!w) return;
      if (outcome.ok) w.resolve(outcome.value);
      else w.reject(outcome.error);
    });
  }

  async function drain(): Promise<void> {
    try {
      while (queue.length > 0) await commitGroup(queue.splice(0, options.maxGroup));
    } finally {
      running = false;
    }
  }

  return (input) =>
    new Promise<O>((resolve, reject) => {
      const resource = new AsyncResource('pcn.group-commit');
      const member: GroupMember<I> = {
        input,
        inContext: (fn) => resource.runInAsyncScope(fn),
      };
      queue.push({ member, resolve, reject });
      if (running) return;
      running = true;
      // A commit starts after the calls that arrived in the same turn of the event loop (one
      // socket read holds many requests) have joined it: SQLite's steps never wait, so a commit
      // begun at once would always be alone.
      setImmediate(() => void drain());
    });
}
