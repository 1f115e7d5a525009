import type { ScratchDatabase } from './scratch-database';

/** The source of truth's tables (libs/contexts' migrations): entities, links, events. */
const ENTITY_TABLES = [
  'global_context',
  'project',
  'git_branch',
  'task',
  'app_user',
  'agent',
  'template',
] as const;
const ROW_TABLES = ['task_assignee', 'project_member', 'context_event'] as const;

/**
 * A summary of everything stored, read from the database itself: per entity table its rows,
 * the sum of their versions, the latest updatedAt and the total length of their data; per link
 * and event table its rows. A write that changes anything changes this.
 */
export async function sourceFingerprint(database: ScratchDatabase): Promise<string> {
  const parts = [
    ...ENTITY_TABLES.map(
      (table) =>
        `SELECT '${table}' AS t, COUNT(*) AS n, COALESCE(SUM(version), 0) AS v, ` +
        `COALESCE(MAX(updated_at), 0) AS u, COALESCE(SUM(LENGTH(data)), 0) AS d FROM ${table}`,
    ),
    ...ROW_TABLES.map(
      (table) => `SELECT '${table}' AS t, COUNT(*) AS n, 0 AS v, 0 AS u, 0 AS d FROM ${table}`,
    ),
  ];
  const rows = await database.query<Record<string, unknown>>(parts.join(' UNION ALL '));
  return rows
    .map(
      (row) =>
        `${String(row['t'])}:${String(row['n'])}/${String(row['v'])}/${String(row['u'])}/${String(row['d'])}`,
    )
    .sort()
    .join(' ');
}

/** One entity as stored: its version and data, or undefined when it does not exist. */
export async function storedEntity(
  database: ScratchDatabase,
  table: (typeof ENTITY_TABLES)[number],
  id: string,
): Promise<{ version: number; data: unknown } | undefined> {
  const [row] = await database.query<{ version: number | string; data: string }>(
    `SELECT version, data FROM ${table} WHERE id = ?`,
    [id],
  );
  return row === undefined
    ? undefined
    : { version: Number(row.version), data: JSON.parse(row.data) };
}
