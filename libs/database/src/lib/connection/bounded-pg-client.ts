import { Client } from 'pg';

const READ_TIMEOUT = 'Query read timeout';

/**
 * node-postgres' Client whose read timeout closes the connection. pg's own `query_timeout`
 * rejects the caller but leaves the statement running on the connection, which then returns to
 * the pool: a transaction whose ROLLBACK timed out would stay open there, and the next caller's
 * COMMIT would commit it. Closed, the server rolls back whatever the connection had begun, and
 * the pool drops it (TypeORM releases a connection that emits an error with that error).
 */
export class BoundedPgClient extends Client {
  constructor(config?: ConstructorParameters<typeof Client>[0]) {
    super(config);
    // Closing it makes the client report "Connection terminated": expected, and not to crash
    // the process in the moment between TypeORM's release and the pool's own listener.
    this.on('error', () => undefined);
  }

  override query(...args: unknown[]): never {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (error: Error | undefined, ...rest: unknown[]) => {
        this.closeOnReadTimeout(error);
        (callback as (...values: unknown[]) => void)(error, ...rest);
      };
    }
    const result = (super.query as (...values: unknown[]) => unknown)(...args);
    if (result instanceof Promise) {
      return result.catch((error: Error) => {
        this.closeOnReadTimeout(error);
        throw error;
      }) as never;
    }
    return result as never;
  }

  private closeOnReadTimeout(error: Error | undefined): void {
    if (error?.message === READ_TIMEOUT) {
      (
        this as unknown as { connection: { stream: { destroy(error?: Error): void } } }
      ).connection.stream.destroy(error);
    }
  }
}
