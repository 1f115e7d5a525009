/** What Keyv puts between its namespace and a key; the segments of prefix deletion end at it. */
export const KEY_SEPARATOR = ':';

/**
 * Prefix deletion through Strata's dependency index: every entry lists, as dependencies, the
 * prefixes of its key that end at a separator, so deleting `users:42:` is one invalidation, with
 * its tombstone, its ordering against loads under way and its message to the other replicas, like
 * any other. Prefixes are therefore whole segments: `users:4` is refused, not guessed at.
 */
export class KeyPrefixes {
  /**
   * @param root what the tiers' keys of this store start with, keeping them apart from other
   *   entries of the same tiers; it ends with the separator.
   */
  constructor(readonly root: string) {
    if (!root.endsWith(KEY_SEPARATOR)) {
      throw new RangeError(`The key prefix "${root}" must end with "${KEY_SEPARATOR}"`);
    }
  }

  /** The key in the tiers of a key this store is given. */
  tierKey(key: string): string {
    return this.root + key;
  }

  /** The root, and every prefix of the key that ends at a separator, as the tiers name them. */
  dependenciesOf(key: string): string[] {
    const prefixes = [this.root];
    for (
      let end = key.indexOf(KEY_SEPARATOR);
      end !== -1;
      end = key.indexOf(KEY_SEPARATOR, end + 1)
    ) {
      prefixes.push(this.root + key.slice(0, end + 1));
    }
    return prefixes;
  }

  /** The dependency whose invalidation removes every key starting with `prefix` ('' for all). */
  dependencyOf(prefix: string): string {
    if (prefix !== '' && !prefix.endsWith(KEY_SEPARATOR)) {
      throw new RangeError(
        `A prefix to delete must be empty or end with "${KEY_SEPARATOR}" (whole segments), not "${prefix}"`,
      );
    }
    return this.root + prefix;
  }
}
