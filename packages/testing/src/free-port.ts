import { createServer } from 'node:net';

function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A run of `count` consecutive free TCP ports on 127.0.0.1, for processes that must be told their
 * ports up front. Prefer port 0 where the process can report what it bound.
 */
export async function freePorts(count = 1): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let ok = true;
    for (let i = 0; i < count && ok; i++) ok = (await tryListen(base + i)) !== undefined;
    if (ok) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}
