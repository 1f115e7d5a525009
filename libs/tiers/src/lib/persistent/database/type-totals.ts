import type { RunStatement } from './tier-database';

export interface TypeTotals {
  entries: number;
  bytes: number;
  inflation: number;
}

/**
 * Locks the totals row of one tier and type (creating it at zero) and returns it. Every write
 * transaction takes these locks before touching entries, in a fixed (sorted) order, so the
 * writers of one type queue behind each other on every replica instead of deadlocking.
 */
export async function lockTypeTotals(
  run: RunStatement,
  tier: string,
  type: string,
): Promise<TypeTotals> {
  const { rows } = await run(
    `INSERT INTO tier_type_totals (tier, type, entries, bytes, inflation) VALUES (?, ?, 0, 0, 0)
     ON CONFLICT (tier, type) DO UPDATE SET entries = tier_type_totals.entries
     RETURNING entries, bytes, inflation`,
    [tier, type],
  );
  const row = rows[0];
  return {
    entries: Number(row['entries']),
    bytes: Number(row['bytes']),
    inflation: Number(row['inflation']),
  };
}

/** What one transaction changes in the totals, written once at its end. */
export class TypeTotalsChanges {
  private readonly changes = new Map<
    string,
    { entries: number; bytes: number; inflation?: number }
  >();

  added(type: string, sizeBytes: number): void {
    const change = this.changeOf(type);
    change.entries++;
    change.bytes += sizeBytes;
  }

  removed(type: string, sizeBytes: number): void {
    const change = this.changeOf(type);
    change.entries--;
    change.bytes -= sizeBytes;
  }

  inflatedTo(type: string, inflation: number): void {
    const change = this.changeOf(type);
    change.inflation = Math.max(change.inflation ?? inflation, inflation);
  }

  async save(run: RunStatement, tier: string): Promise<void> {
    for (const [type, change] of [...this.changes].sort(([a], [b]) => a.localeCompare(b))) {
      const inflation = change.inflation ?? 0;
      await run(
        `UPDATE tier_type_totals
         SET entries = entries + ?, bytes = bytes + ?,
             inflation = CASE WHEN inflation < ? THEN ? ELSE inflation END
         WHERE tier = ? AND type = ?`,
        [change.entries, change.bytes, inflation, inflation, tier, type],
      );
    }
  }

  private changeOf(type: string): { entries: number; bytes: number; inflation?: number } {
    let change = this.changes.get(type);
    if (!change) {
      change = { entries: 0, bytes: 0 };
      this.changes.set(type, change);
    }
    return change;
  }
}
