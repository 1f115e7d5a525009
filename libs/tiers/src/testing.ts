export { OwnRedisServer } from './lib/testing/own-redis-server';
export { InMemoryPersistentTierStore } from './lib/testing/in-memory-persistent-tier-store';
