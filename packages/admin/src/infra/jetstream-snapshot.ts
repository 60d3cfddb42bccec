import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import { createInbox, type Msg, type NatsConnection } from '@nats-io/transport-node';

/**
 * JetStream's own stream snapshot and restore (`$JS.API.STREAM.SNAPSHOT` / `RESTORE`), as the
 * `nats stream backup` command speaks it: the server streams a consistent, compressed archive of
 * the stream's store, consumers included, and takes one back into a stream of the same name. The
 * nats.js client has no helper for it, so this speaks the documented API directly.
 */

const API = '$JS.API';
const CHUNK_BYTES = 128 * 1024;

interface ApiError {
  code: number;
  err_code?: number;
  description?: string;
}

/** The stream's config and state at the time of the snapshot; restore sends them back. */
export interface SnapshotMeta {
  config: Record<string, unknown> & { name: string };
  state: Record<string, unknown> & { messages: number; last_seq: number };
}

function decode<T>(msg: Msg, what: string): T {
  const body = JSON.parse(new TextDecoder().decode(msg.data)) as T & { error?: ApiError };
  if (body.error)
    throw new Error(`${what}: ${body.error.description ?? 'error'} (${body.error.code})`);
  return body;
}

/** Writes the snapshot of `stream` to `file`; resolves with its config, state and size. */
export async function snapshotStream(
  nc: NatsConnection,
  stream: string,
  file: string,
  timeoutMs = 30_000,
): Promise<SnapshotMeta & { bytes: number }> {
  const inbox = createInbox();
  const out = createWriteStream(file, { flags: 'wx' });
  let bytes = 0;
  let idle: NodeJS.Timeout | undefined;
  const done = new Promise<void>((resolve, reject) => {
    const fail = (err: Error) => {
      clearTimeout(idle);
      sub.unsubscribe();
      reject(err);
    };
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(
        () => fail(new Error(`snapshot of ${stream}: no data for ${timeoutMs} ms`)),
        timeoutMs,
      );
    };
    const sub = nc.subscribe(inbox, {
      callback: (err, msg) => {
        if (err) return fail(err);
        armIdle();
        const code = msg.headers?.code ?? 0;
        if (msg.data.length === 0) {
          // The end; a status header on it (408) means the server gave up part way.
          clearTimeout(idle);
          sub.unsubscribe();
          if (code >= 400)
            reject(new Error(`snapshot of ${stream} failed: ${msg.headers?.description ?? code}`));
          else resolve();
          return;
        }
        bytes += msg.data.length;
        if (!out.write(msg.data))
          // Acknowledge once written, so the server's flow control waits for the disk.
          out.once('drain', () => msg.respond());
        else msg.respond();
      },
    });
    armIdle();
  });
  try {
    const reply = await nc.request(
      `${API}.STREAM.SNAPSHOT.${stream}`,
      JSON.stringify({ deliver_subject: inbox, chunk_size: CHUNK_BYTES, jsck: false }),
      { timeout: timeoutMs },
    );
    const meta = decode<SnapshotMeta>(reply, `snapshot of ${stream}`);
    await done;
    out.end();
    await once(out, 'finish');
    return { config: meta.config, state: meta.state, bytes };
  } catch (err) {
    out.destroy();
    throw err;
  }
}

/** Restores a stream from a snapshot file; the stream must not exist. Resolves with its message count. */
export async function restoreStream(
  nc: NatsConnection,
  meta: SnapshotMeta,
  file: string,
  timeoutMs = 60_000,
): Promise<{ messages: number }> {
  const name = meta.config.name;
  const started = decode<{ deliver_subject: string }>(
    await nc.request(
      `${API}.STREAM.RESTORE.${name}`,
      JSON.stringify({ config: meta.config, state: meta.state }),
      { timeout: timeoutMs },
    ),
    `restore of ${name}`,
  );
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      // Each chunk is acknowledged before the next goes: the server writes them in order.
      await nc.request(started.deliver_subject, buffer.subarray(0, bytesRead), {
        timeout: timeoutMs,
      });
    }
  } finally {
    await handle.close();
  }
  const result = decode<{ state?: { messages: number } }>(
    await nc.request(started.deliver_subject, new Uint8Array(0), { timeout: timeoutMs }),
    `restore of ${name}`,
  );
  return { messages: result.state?.messages ?? 0 };
}
