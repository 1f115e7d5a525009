import type { QueryResult, QueryResultRow } from 'pg';
import { SerialPgSession, type PgQueryable } from './serial-pg-session';

/** A client that records how many statements run at once, each settling when told to. */
class RecordingClient implements PgQueryable {
  running = 0;
  mostAtOnce = 0;
  readonly pending: Array<{ text: string; settle: (fail: boolean) => void }> = [];

  query<R extends QueryResultRow>(text: string): Promise<QueryResult<R>> {
    this.running += 1;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
    return new Promise((resolve, reject) => {
      this.pending.push({
        text,
        settle: (fail) => {
          this.running -= 1;
          if (fail) reject(new Error(`${text} failed`));
          else resolve({ rows: [{ text }] } as unknown as QueryResult<R>);
        },
      });
    });
  }
}

const turn = () => new Promise(setImmediate);

describe('SerialPgSession', () => {
  it('sends a statement only once the one before it has settled, in order', async () => {
    const client = new RecordingClient();
    const session = new SerialPgSession(client);
    const answers = ['a', 'b', 'c'].map((text) => session.query(text));
    await turn();
    expect(client.pending.map(({ text }) => text)).toEqual(['a']);
    client.pending[0].settle(false);
    await turn();
    client.pending[1].settle(false);
    await turn();
    client.pending[2].settle(false);
    expect((await Promise.all(answers)).map(({ rows }) => rows[0].text)).toEqual(['a', 'b', 'c']);
    expect(client.mostAtOnce).toBe(1);
  });

  it('runs the next statement after one that failed, and rejects only the failed caller', async () => {
    const client = new RecordingClient();
    const session = new SerialPgSession(client);
    const failed = session.query('bad');
    const next = session.query('good');
    await turn();
    client.pending[0].settle(true);
    await expect(failed).rejects.toThrow('bad failed');
    await turn();
    client.pending[1].settle(false);
    await expect(next).resolves.toMatchObject({ rows: [{ text: 'good' }] });
  });
});
