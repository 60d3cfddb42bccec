export interface SseSubscription<T> {
  /** Payloads received so far, in order. */
  readonly received: T[];
  close(): void;
  /** Settles when the stream ends or is closed. */
  readonly done: Promise<void>;
}

/**
 * A GraphQL subscription over Server-Sent Events (the GraphQL-over-SSE "distinct connections"
 * mode), collecting `data[field]` of each `next` event.
 */
export function subscribeSse<T>(
  url: string,
  query: string,
  field: string,
  headers: Record<string, string> = {},
): SseSubscription<T> {
  const received: T[] = [];
  const controller = new AbortController();
  const done = (async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
      body: JSON.stringify({ query }),
      signal: controller.signal,
    });
    if (!res.body) throw new Error(`no event stream (HTTP ${res.status})`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame.split('\n').find((l) => l.startsWith('data:'));
        // `complete` events carry an empty data line.
        if (!data || data.slice(5).trim() === '') continue;
        const payload = JSON.parse(data.slice(5)) as { data?: Record<string, T> };
        const value = payload.data?.[field];
        if (value !== undefined) received.push(value);
      }
    }
  })().catch((err: unknown) => {
    if (!(err instanceof Error && err.name === 'AbortError')) throw err;
  });
  return { received, close: () => controller.abort(), done };
}
