import type { QueryResult, QueryResultRow } from 'pg';

/** The part of a pg Client a dedicated session uses. */
export interface PgQueryable {
  query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

/**
 * One dedicated pg session, queried one statement at a time. pg 8 queues a query sent while
 * another runs on the same client, but warns that it is deprecated ("client.query() when the
 * client is already executing a query"; pg 9 removes the queue): the bus's notifies and the load
 * lock's calls are sent from many requests at once. Same order as pg's own queue: first come.
 */
export class SerialPgSession<C extends PgQueryable = PgQueryable> {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(readonly client: C) {}

  query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>> {
    const result = this.tail.then(() => this.client.query<R>(text, values));
    // A failed statement is its caller's to handle; the next one runs all the same.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
