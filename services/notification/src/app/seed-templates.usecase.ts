import type { Clock } from '@pcn/platform';
import type { Template } from './notification.model.js';
import type { TemplateStore } from './notification.ports.js';
import { defaultTemplates } from './templates/default-templates.js';

/** The built-in templates to add: those whose id is not stored, so an admin's edits are kept. */
export function templatesToSeed(
  builtIn: readonly Template[],
  storedIds: ReadonlySet<string>,
): Template[] {
  return builtIn.filter((t) => !storedIds.has(t.id));
}

/** At boot: built-in templates go in once; returns how many were added. */
export function createSeedTemplates(deps: {
  store: Pick<TemplateStore, 'all' | 'add'>;
  clock: Clock;
}) {
  const { store, clock } = deps;
  return async function seedTemplates(): Promise<number> {
    const stored = new Set((await store.all()).map((t) => t.id));
    const missing = templatesToSeed(defaultTemplates(clock.now().toISOString()), stored);
    for (const t of missing) await store.add(t);
    return missing.length;
  };
}
