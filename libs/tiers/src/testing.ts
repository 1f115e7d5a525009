export { OwnRedisServer } from './lib/testing/own-redis-server';
