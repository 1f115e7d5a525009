/**
 * Strings the server has shown: ids of what was created and read, and keys built from them. A
 * valid request mostly names something that exists, or it would never get past a 404; drawn by
 * index, so a seed replays the same choices as long as the server answers the same.
 */
export class ValuePool {
  /** Ids, and keys (`type:id`): each field draws from the kind it names. */
  private readonly ids: string[] = [];
  private readonly keys: string[] = [];
  private readonly known = new Set<string>();

  constructor(private readonly capacity = 2_000) {}

  add(value: string): void {
    if (this.known.has(value) || value.length > 200) {
      return;
    }
    this.known.add(value);
    const values = value.includes(':') ? this.keys : this.ids;
    if (values.length < this.capacity) {
      values.push(value);
    } else {
      // Keep recent values reachable: replace one, by the value's own order of arrival.
      values[this.known.size % this.capacity] = value;
    }
  }

  /** Every string under an `id` field of a JSON answer, and `<type>:<id>` where a `type` comes with it. */
  addFromAnswer(body: unknown, depth = 0): void {
    if (depth > 6 || typeof body !== 'object' || body === null) {
      return;
    }
    if (Array.isArray(body)) {
      body.slice(0, 50).forEach((item) => this.addFromAnswer(item, depth + 1));
      return;
    }
    const record = body as Record<string, unknown>;
    for (const [field, value] of Object.entries(record)) {
      if (typeof value === 'string' && /(^id$|Id$|^key$)/.test(field)) {
        this.add(value);
        if (field === 'id' && typeof record['level'] === 'string') {
          this.add(`context:${record['level']}:${value}`);
        }
      } else if (Array.isArray(value) && /Ids$/.test(field)) {
        value
          .filter((item): item is string => typeof item === 'string')
          .forEach((item) => this.add(item));
      } else {
        this.addFromAnswer(value, depth + 1);
      }
    }
  }

  /** An id, or with `key` a cache key; `none` while the pool is empty. */
  pick(index: number, key = false): string {
    const values = key ? this.keys : this.ids;
    return values.length === 0 ? 'none' : values[index % values.length];
  }
}
