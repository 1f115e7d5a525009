import { DataSource } from 'typeorm';
import { createDataSourceOptions } from '../data-source-options';
import { isDatabaseUnavailable } from '../database-unavailable';
import { OwnPostgresServer, ownPostgresForTests } from '../testing/own-postgres-server';

// Below Linux's ephemeral range (32768-60999): an outgoing connection's local port there (one to
// PostgreSQL in TIME-WAIT, say) kept a test's own server from binding it.
const PORT = 31001;

const suite = ownPostgresForTests() ? describe : describe.skip;

suite('a PostgreSQL server that stops answering (its own server, paused)', () => {
  let server: OwnPostgresServer;
  let dataSource: DataSource;

  beforeAll(async () => {
    server = await OwnPostgresServer.start(PORT);
    dataSource = new DataSource(
      createDataSourceOptions({
        url: server.url,
        entities: [],
        migrations: [],
        migrationsTableName: 'none',
        // One connection: the next caller gets the very connection the timed-out one used.
        poolSize: 1,
        statementTimeoutMs: 500,
      }),
    );
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE counter (value integer NOT NULL)');
    await dataSource.query('INSERT INTO counter (value) VALUES (0)');
  }, 60_000);

  afterAll(async () => {
    server?.resume();
    await dataSource?.destroy();
    await server?.stop();
  });

  it('bounds every statement, and leaves no half-done transaction for the next caller to commit', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    await runner.query('UPDATE counter SET value = 1');
    server.pause();
    const started = Date.now();
    const failure = await runner.query('SELECT 1').catch((error: unknown) => error);
    const waited = Date.now() - started;
    await runner.rollbackTransaction().catch(() => undefined);
    await runner.release();
    server.resume();

    expect(isDatabaseUnavailable(failure)).toBe(true);
    // 500 ms on the server plus the client's margin, with room for a loaded machine.
    expect(waited).toBeLessThan(5_000);
    // The next transaction commits its own work only: the paused one's UPDATE was rolled back
    // with its closed connection (with pg's plain read timeout it stayed open and this COMMIT
    // committed it).
    await dataSource.transaction(async (manager) => {
      await manager.query('INSERT INTO counter (value) VALUES (10)');
    });
    const rows = (await dataSource.query('SELECT value FROM counter ORDER BY value')) as Array<{
      value: number;
    }>;
    expect(rows.map((row) => row.value)).toEqual([0, 10]);
  });
});
