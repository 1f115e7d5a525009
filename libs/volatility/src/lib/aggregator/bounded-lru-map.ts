interface Node<K, V> {
  key: K;
  value: V;
  newer: Node<K, V> | undefined;
  older: Node<K, V> | undefined;
}

/**
 * A map that never holds more than `capacity` entries: touching an entry makes it the most
 * recent, and adding one beyond capacity evicts the least recent (handed to `onEvict`). Recency
 * is a linked list rather than a Map's insertion order: re-inserting into a Map on every touch
 * leaves holes that make finding its oldest entry slow.
 */
export class BoundedLruMap<K, V> {
  private readonly nodes = new Map<K, Node<K, V>>();
  private newest: Node<K, V> | undefined;
  private oldest: Node<K, V> | undefined;

  constructor(
    readonly capacity: number,
    private readonly onEvict: (key: K, value: V) => void = () => undefined,
  ) {}

  get size(): number {
    return this.nodes.size;
  }

  /** The value without making it more recent. */
  peek(key: K): V | undefined {
    return this.nodes.get(key)?.value;
  }

  /** The value, made the most recent; created with `create` when absent. */
  touch(key: K, create: () => V): V {
    const existing = this.nodes.get(key);
    if (existing !== undefined) {
      if (existing !== this.newest) {
        this.unlink(existing);
        this.pushNewest(existing);
      }
      return existing.value;
    }
    const node: Node<K, V> = { key, value: create(), newer: undefined, older: undefined };
    this.nodes.set(key, node);
    this.pushNewest(node);
    if (this.nodes.size > this.capacity && this.oldest !== undefined) {
      const evicted = this.oldest;
      this.unlink(evicted);
      this.nodes.delete(evicted.key);
      this.onEvict(evicted.key, evicted.value);
    }
    return node.value;
  }

  private pushNewest(node: Node<K, V>): void {
    node.older = this.newest;
    node.newer = undefined;
    if (this.newest !== undefined) {
      this.newest.newer = node;
    }
    this.newest = node;
    this.oldest ??= node;
  }

  private unlink(node: Node<K, V>): void {
    if (node.older !== undefined) {
      node.older.newer = node.newer;
    } else {
      this.oldest = node.newer;
    }
    if (node.newer !== undefined) {
      node.newer.older = node.older;
    } else {
      this.newest = node.older;
    }
    node.newer = undefined;
    node.older = undefined;
  }
}
