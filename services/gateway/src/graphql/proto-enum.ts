/**
 * A GraphQL enum and a service's proto enum, read both ways from one table. GraphQL
 * has already checked what a client sent, so every value going out has a proto value; a proto
 * value coming back that this gateway does not know is the service's fault, not the client's.
 */
export class ProtoEnum<G extends string, P extends number> {
  readonly #service: string;
  readonly #name: string;
  readonly #toPb: Readonly<Record<G, P>>;
  readonly #fromPb: ReadonlyMap<number, G>;

  constructor(service: string, name: string, table: Record<G, P>) {
    this.#service = service;
    this.#name = name;
    this.#toPb = Object.freeze({ ...table });
    this.#fromPb = new Map(Object.entries<P>(table).map(([g, p]) => [p, g as G]));
  }

  toPb(value: G): P {
    return this.#toPb[value];
  }

  /** A value the service must set. */
  fromPb(value: P): G {
    const g = this.#fromPb.get(value);
    if (g === undefined)
      throw new Error(`${this.#service} service answered with ${this.#name} ${String(value)}`);
    return g;
  }

  /** A value the service leaves unspecified when there is none. */
  optionalFromPb(value: P): G | null {
    return value === 0 ? null : this.fromPb(value);
  }
}
