export { InMemoryHotTierStore } from './in-memory-hot-tier-store';
export { InMemoryPersistentTierStore } from './in-memory-persistent-tier-store';
export type { InMemoryPersistentTierStoreOptions } from './in-memory-persistent-tier-store';
export { UnreachableTierStore } from './unreachable-tier-store';
export { createTestCache } from './create-test-cache';
