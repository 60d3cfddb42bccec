/** One sample of a scrape: `name{labels} value`. */
export interface MetricSample {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
}

/** A scrape in the Prometheus text format (0.0.4), read into its samples and metric families. */
export interface Scrape {
  samples: MetricSample[];
  /** Family name → type, from the `# TYPE` lines. */
  types: ReadonlyMap<string, string>;
  /** Samples of `name` whose labels include every one of `labels`. */
  find(name: string, labels?: Record<string, string>): MetricSample[];
  /** The sum of those samples' values; undefined when there is none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/gy;

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function number(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/**
 * Reads a scrape. Throws on a line that is neither a comment nor a well-formed sample, so a test
 * also proves the output is valid text format.
 */
export function parsePrometheusText(text: string): Scrape {
  const samples: MetricSample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const type = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (type) types.set(type[1] as string, type[2] as string);
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    const body = m[2] ?? '';
    LABEL.lastIndex = 0;
    let read = 0;
    for (let l = LABEL.exec(body); l; l = LABEL.exec(body)) {
      labels[l[1] as string] = unescape(l[2] as string);
      read = LABEL.lastIndex;
    }
    if (read !== body.length) throw new Error(`malformed labels: ${line}`);
    samples.push({ name: m[1] as string, labels, value: number(m[3] as string) });
  }
  const find = (name: string, labels: Record<string, string> = {}) =>
    samples.filter(
      (s) =>
        s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value),
    );
  return {
    samples,
    types,
    find,
    value(name, labels) {
      const found = find(name, labels);
      return found.length === 0 ? undefined : found.reduce((sum, s) => sum + s.value, 0);
    },
  };
}

/** Scrapes `url` (GET), failing on any status but 200. */
export async function scrape(url: string, token?: string): Promise<Scrape> {
  const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const text = await res.text();
  if (res.status !== 200) throw new Error(`scrape of ${url} answered ${res.status}: ${text}`);
  return parsePrometheusText(text);
}
