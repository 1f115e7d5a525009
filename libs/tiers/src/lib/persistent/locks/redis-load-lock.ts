import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { LoadLease, LoadLock } from '../../core/load-lock';
import { LuaScript } from '../redis/lua-script';

/** ARGV: lock key, token; deletes the key only while it still holds this holder's token. */
const RELEASE_SCRIPT = new LuaScript(`
if redis.call('GET', ARGV[1]) == ARGV[2] then return redis.call('DEL', ARGV[1]) end
return 0
`);

/**
 * The load lock in Redis: SET NX PX with a random token, released by a script that deletes the
 * key only if it still holds that token (a holder whose lease ran out never frees the next
 * holder's). A holder that dies frees the key when PX expires it.
 */
export class RedisLoadLock implements LoadLock {
  readonly kind = 'redis';

  constructor(
    private readonly redis: Redis,
    /** Namespaces the lock keys, as the Redis tier store's prefix does its entries. */
    private readonly keyPrefix = 'strata:',
  ) {}

  async tryAcquire(key: string, leaseMs: number): Promise<LoadLease | undefined> {
    const lockKey = `${this.keyPrefix}lock:${key}`;
    const token = randomUUID();
    if ((await this.redis.set(lockKey, token, 'PX', leaseMs, 'NX')) !== 'OK') {
      return undefined;
    }
    return {
      othersMayHaveLoaded: true,
      release: async () => {
        await RELEASE_SCRIPT.run(this.redis, [lockKey, token]);
      },
    };
  }

  /** The client stays open: its owner closes it. */
  async close(): Promise<void> {
    return undefined;
  }
}
