/**
 * Dependency key → the slots of the entries built from it, so that an invalidation touches only
 * what it affects: its cost grows with the dependants it removes, not with the store. Most
 * dependency keys have one dependant (an entity's own entry); those are stored as a bare slot
 * number, and a set is made only for the second, which saves most of the index's memory.
 */
export class DependencyIndex {
  private readonly dependents = new Map<string, number | Set<number>>();

  add(slot: number, dependencies: readonly string[]): void {
    for (const dependency of dependencies) {
      const current = this.dependents.get(dependency);
      if (current === undefined) this.dependents.set(dependency, slot);
      else if (typeof current !== 'number') current.add(slot);
      else if (current !== slot) this.dependents.set(dependency, new Set([current, slot]));
    }
  }

  remove(slot: number, dependencies: readonly string[]): void {
    for (const dependency of dependencies) {
      const current = this.dependents.get(dependency);
      if (current === slot) {
        this.dependents.delete(dependency);
      } else if (current !== undefined && typeof current !== 'number') {
        current.delete(slot);
        if (current.size === 1)
          this.dependents.set(dependency, current.values().next().value as number);
      }
    }
  }

  /** A snapshot of the slots depending on the key, safe to remove from while iterating. */
  dependentsOf(dependency: string): number[] {
    const current = this.dependents.get(dependency);
    if (current === undefined) return [];
    return typeof current === 'number' ? [current] : [...current];
  }

  clear(): void {
    this.dependents.clear();
  }
}
