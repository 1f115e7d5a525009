/**
 * Dependency key → the items built from it, so that an invalidation touches only what it affects.
 * Most dependency keys have one dependent (an entity's own entry); those are stored bare, and a
 * set is made only for the second, which saves most of the index's memory.
 */
export class DependencyIndex<T extends object> {
  private readonly dependents = new Map<string, T | Set<T>>();

  add(item: T, dependencies: readonly string[]): void {
    for (const dependency of dependencies) {
      const current = this.dependents.get(dependency);
      if (current === undefined) this.dependents.set(dependency, item);
      else if (current instanceof Set) current.add(item);
      else if (current !== item) this.dependents.set(dependency, new Set([current, item]));
    }
  }

  remove(item: T, dependencies: readonly string[]): void {
    for (const dependency of dependencies) {
      const current = this.dependents.get(dependency);
      if (current === item) {
        this.dependents.delete(dependency);
      } else if (current instanceof Set) {
        current.delete(item);
        if (current.size === 1) this.dependents.set(dependency, current.values().next().value as T);
      }
    }
  }

  /** A snapshot of the items depending on the key, safe to remove from while iterating. */
  dependentsOf(dependency: string): T[] {
    const current = this.dependents.get(dependency);
    if (current === undefined) return [];
    return current instanceof Set ? [...current] : [current];
  }

  clear(): void {
    this.dependents.clear();
  }
}
