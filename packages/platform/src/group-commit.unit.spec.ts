import { describe, expect, it } from 'vitest';
import { currentContext, runInContext } from './context.js';
import { groupCommit, type GroupMember, type MemberOutcome } from './group-commit.js';

/** A commit that records its groups and waits for the test to let it finish. */
function recorder(
  outcome: (input: number) => MemberOutcome<string> = (n) => ({ ok: true, value: `v${n}` }),
) {
  const groups: number[][] = [];
  const gates: (() => void)[] = [];
  const commit = async (members: readonly GroupMember<number>[]) => {
    groups.push(members.map((m) => m.input));
    await new Promise<void>((resolve) => gates.push(resolve));
    return members.map((m) => outcome(m.input));
  };
  const open = async () => {
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.shift()?.();
  };
  return { groups, commit, open };
}

describe('groupCommit', () => {
  it('commits the calls of one turn together, and groups the calls that arrive during a commit', async () => {
    const r = recorder();
    const submit = groupCommit({
      commit: r.commit,
      alone: () => Promise.reject(new Error('no')),
      maxGroup: 3,
    });
    const sameTurn = [1, 2].map((n) => submit(n));
    await r.open();
    expect(await Promise.all(sameTurn)).toEqual(['v1', 'v2']);
    expect(r.groups).toEqual([[1, 2]]);
  });

  it('commits a call to an idle queue in the next turn, and groups the calls that arrive meanwhile', async () => {
    const r = recorder();
    const submit = groupCommit({
      commit: r.commit,
      alone: () => Promise.reject(new Error('no')),
      maxGroup: 3,
    });
    const first = submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.groups).toEqual([[1]]);
    const rest = [2, 3, 4, 5, 6].map((n) => submit(n));
    await r.open();
    await r.open();
    await r.open();
    expect(await first).toBe('v1');
    expect(await Promise.all(rest)).toEqual(['v2', 'v3', 'v4', 'v5', 'v6']);
    // In arrival order, at most maxGroup at a time.
    expect(r.groups).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it('refuses one member and keeps the commit for the others', async () => {
    const refusal = new Error('refused');
    const r = recorder((n) =>
      n === 3 ? { ok: false, error: refusal } : { ok: true, value: `v${n}` },
    );
    const submit = groupCommit({
      commit: r.commit,
      alone: () => Promise.reject(new Error('no')),
      maxGroup: 10,
    });
    const results = [1, 2, 3, 4].map((n) => submit(n).catch((err: unknown) => err));
    await r.open();
    expect(await Promise.all(results)).toEqual(['v1', 'v2', refusal, 'v4']);
    expect(r.groups).toEqual([[1, 2, 3, 4]]);
  });

  it('runs each member alone, in its own context, when its group fails as a whole', async () => {
    const seen: (string | undefined)[] = [];
    let calls = 0;
    const submit = groupCommit<number, string>({
      async commit(members) {
        calls++;
        await new Promise((r) => setImmediate(r));
        if (members.length > 1) throw new Error('a clash');
        return [{ ok: true, value: 'first' }];
      },
      alone: async (n) => {
        seen.push(currentContext()?.correlationId);
        if (n === 3) throw new Error('three fails alone too');
        return `alone ${n}`;
      },
      maxGroup: 10,
    });
    const first = runInContext({ correlationId: 'c1' }, () => submit(1));
    // The first commits alone in its turn; the next two arrive during it and fail together.
    await new Promise((r) => setImmediate(r));
    const others = [2, 3].map((n) =>
      runInContext({ correlationId: `c${n}` }, () => submit(n)).catch(
        (err: unknown) => (err as Error).message,
      ),
    );
    expect(await first).toBe('first');
    expect(await Promise.all(others)).toEqual(['alone 2', 'three fails alone too']);
    expect(calls).toBe(2);
    expect(seen.sort()).toEqual(['c2', 'c3']);
  });

  it('gives a lone member its commit error, without trying again', async () => {
    let alone = 0;
    const submit = groupCommit<number, string>({
      commit: () => Promise.reject(new Error('store unavailable')),
      alone: () => {
        alone++;
        return Promise.resolve('alone');
      },
      maxGroup: 10,
    });
    await expect(submit(1)).rejects.toThrow('store unavailable');
    expect(alone).toBe(0);
  });

  it("lets each member's part run in the context of the call that submitted it", async () => {
    const inside: (string | undefined)[] = [];
    const submit = groupCommit<number, string>({
      async commit(members) {
        await new Promise((r) => setImmediate(r));
        return members.map((m) => {
          inside.push(m.inContext(() => currentContext()?.correlationId));
          return { ok: true, value: String(m.input) };
        });
      },
      alone: () => Promise.reject(new Error('no')),
      maxGroup: 10,
    });
    await Promise.all(
      [1, 2, 3].map((n) => runInContext({ correlationId: `c${n}` }, () => submit(n))),
    );
    expect(inside).toEqual(['c1', 'c2', 'c3']);
  });
});
