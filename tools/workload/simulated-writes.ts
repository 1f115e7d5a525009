import type { CachedContexts } from '@strata/context-cache';
import { entityKey, GLOBAL_ID, type JsonObject } from '@strata/contexts';
import type { WrittenType } from './workload-options';

/** An acknowledged write: the entity key and the version the source now holds. */
export interface AcknowledgedWrite {
  key: string;
  version: number;
}

/**
 * Writes through CachedContexts as the api does. Patches merge a small `workload` key into
 * `data`; the global context is replaced whole, so its current data is kept here.
 */
export class SimulatedWrites {
  private edits = 0;

  constructor(
    private readonly cached: CachedContexts,
    private globalData: JsonObject,
  ) {}

  async write(type: WrittenType | 'global', id: string, at: number): Promise<AcknowledgedWrite> {
    this.edits += 1;
    const change: JsonObject = { workload: { edit: this.edits, at } };
    if (type === 'global') {
      this.globalData = { ...this.globalData, ...change };
      const global = await this.cached.putGlobal(this.globalData);
      return { key: GLOBAL_ID, version: global.version };
    }
    const entity = await this.cached.patch(type, id, { data: change });
    return { key: entityKey(type, id), version: entity.version };
  }
}
