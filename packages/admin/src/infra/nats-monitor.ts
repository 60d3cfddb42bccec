/**
 * Replicas as NATS sees them: each backend process holds one connection named `pcn-<service>`,
 * counted on the servers' monitoring endpoints (`/connz`). Summed over the URLs given (one per
 * cluster node, since each node lists its own clients). Connection names carry no bus prefix, so
 * on a server shared by several networks the counts are of all of them.
 */
export async function countReplicas(
  monitorUrls: readonly string[],
  services: readonly string[],
  timeoutMs: number,
): Promise<{ replicas: Map<string, number> } | { error: string }> {
  const replicas = new Map(services.map((s) => [s, 0]));
  for (const base of monitorUrls) {
    const url = new URL('connz?limit=100000', base.endsWith('/') ? base : `${base}/`);
    let body: { connections?: { name?: string }[] };
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) return { error: `${url.origin} answered ${res.status}` };
      body = (await res.json()) as typeof body;
    } catch (err) {
      return { error: `${url.origin}: ${err instanceof Error ? err.message : String(err)}` };
    }
    for (const c of body.connections ?? []) {
      const service = c.name?.startsWith('pcn-') ? c.name.slice(4) : undefined;
      if (service !== undefined && replicas.has(service))
        replicas.set(service, (replicas.get(service) ?? 0) + 1);
    }
  }
  return { replicas };
}
