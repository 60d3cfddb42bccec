import type { Store } from '@pcn/storage';
import type { Template } from '../app/notification.model.js';
import type { TemplateStore } from '../app/notification.ports.js';
import type { TemplateCache } from './message-composer.js';
import { templatesCollection } from './notification.collections.js';

/** Templates on the storage contract, read through the composer's cache (emptied on writes). */
export function createTemplateStore(store: Store, cache: TemplateCache): TemplateStore {
  const coll = store.collection<Template>(templatesCollection);
  return {
    async all() {
      return [...(await cache.all()).values()];
    },
    async add(template) {
      await coll.insert(template);
      cache.invalidate();
    },
    async put(template) {
      const existing = await coll.get(template.id);
      if (existing) await coll.update({ ...template, version: existing.version });
      else await coll.insert(template);
      cache.invalidate();
    },
    async delete(id) {
      const deleted = await coll.delete(id);
      cache.invalidate();
      return deleted;
    },
  };
}
