import type { JetStreamManager, StoredMsg } from '@nats-io/jetstream';

/** Every message a stream holds, oldest first, read directly (no consumer is created). */
export async function readStream(jsm: JetStreamManager, stream: string): Promise<StoredMsg[]> {
  const { state } = await jsm.streams.info(stream);
  const out: StoredMsg[] = [];
  if (state.messages === 0) return out;
  for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    if (m) out.push(m);
  }
  return out;
}

/** The `id` of every event a stream holds, oldest first. */
export async function streamEventIds(jsm: JetStreamManager, stream: string): Promise<string[]> {
  return (await readStream(jsm, stream)).map((m) => m.json<{ id: string }>().id);
}
