import type { Unit } from '../identity/identity.contract.js';
import type { GatewayContext } from './context.js';

/** The units of these ids the directory knows, in order; an unknown id is left out. */
export async function knownUnits(ctx: GatewayContext, ids: readonly string[]): Promise<Unit[]> {
  const units = await Promise.all(ids.map((id) => ctx.identity.unit(id)));
  return units.filter((unit) => unit !== null);
}
