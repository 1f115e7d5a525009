import { ENTRY_WORTH_LUA } from '../entry-worth';
import { LuaScript } from './lua-script';

/**
 * The Redis store's operations, each one Lua script so that it is atomic. Keys under the
 * prefix P (ARGV[1]):
 *   P e:<key>    hash: the entry (fields as in CacheEntry, plus size, hits, lastAccess)
 *   P d:<dep>    set: the keys of the entries built from <dep> (an entry's own key included)
 *   P w:<type>   sorted set: entry key by worth (entry-worth.ts), the lowest evicted first
 *   P x:<type>   sorted set: entry key by staleUntil, for sweeping without a scan
 *   P s:<type>   hash: entry key to size, so accounting stays right after Redis expires an entry
 *   P t:<type>   hash: entries, bytes and inflation of the type
 *   P types      set: the types present
 * Keys are built inside the scripts, so this suits a single Redis (or a primary with replicas),
 * not Redis Cluster.
 */
const COMMON = `
local P = ARGV[1]
${ENTRY_WORTH_LUA}
local function fields_of(flat)
  local fields = {}
  for i = 1, #flat, 2 do fields[flat[i]] = flat[i + 1] end
  return fields
end

-- The type of a stored entry, also when Redis has already expired its hash.
local function type_of(key)
  local entry_type = redis.call('HGET', P .. 'e:' .. key, 'type')
  if entry_type then return entry_type end
  for _, candidate in ipairs(redis.call('SMEMBERS', P .. 'types')) do
    if redis.call('HEXISTS', P .. 's:' .. candidate, key) == 1 then return candidate end
  end
  return nil
end

-- Removes an entry with its index memberships and accounting; returns its hash (possibly
-- empty if Redis expired it), or nil when the entry was not there.
local function remove_entry(key, entry_type)
  redis.call('ZREM', P .. 'w:' .. entry_type, key)
  redis.call('ZREM', P .. 'x:' .. entry_type, key)
  local size = tonumber(redis.call('HGET', P .. 's:' .. entry_type, key))
  if not size then return nil end
  local flat = redis.call('HGETALL', P .. 'e:' .. key)
  local fields = fields_of(flat)
  redis.call('SREM', P .. 'd:' .. key, key)
  if fields.dependencies then
    for _, dependency in ipairs(cjson.decode(fields.dependencies)) do
      redis.call('SREM', P .. 'd:' .. dependency, key)
    end
  end
  redis.call('DEL', P .. 'e:' .. key)
  redis.call('HDEL', P .. 's:' .. entry_type, key)
  redis.call('HINCRBY', P .. 't:' .. entry_type, 'entries', -1)
  redis.call('HINCRBY', P .. 't:' .. entry_type, 'bytes', -size)
  return flat
end

local function remove_keys(keys)
  local removed = 0
  for _, key in ipairs(keys) do
    local entry_type = type_of(key)
    if entry_type and remove_entry(key, entry_type) then removed = removed + 1 end
  end
  return removed
end
`;

function script(body: string): LuaScript {
  return new LuaScript(COMMON + body);
}

/**
 * ARGV: P, key, type, json, dependencies (JSON), createdAt, expiresAt, staleUntil, band, size,
 * now, budget, ttl (ms, relative). Returns { evicted count, refused (0/1), fresh evicted hashes… }.
 */
export const SET_SCRIPT = script(`
local key, entry_type, json, dependencies = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local expires_at, stale_until = tonumber(ARGV[7]), tonumber(ARGV[8])
local size, now, budget, ttl = tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12]), tonumber(ARGV[13])
local totals = P .. 't:' .. entry_type
local hits = 0
local previous_type = type_of(key)
if previous_type then
  hits = tonumber(fields_of(remove_entry(key, previous_type) or {}).hits) or 0
end
redis.call('SADD', P .. 'types', entry_type)
if size > budget then return { 1, 1 } end

local function bytes() return tonumber(redis.call('HGET', totals, 'bytes')) or 0 end
local result = { 0, 0 }
if bytes() + size > budget then
  -- Entries past staleUntil are worth nothing: they make room first and are no eviction.
  for _, dead in ipairs(redis.call('ZRANGEBYSCORE', P .. 'x:' .. entry_type, '-inf', now)) do
    remove_entry(dead, entry_type)
  end
  local inflation = tonumber(redis.call('HGET', totals, 'inflation')) or 0
  while bytes() + size > budget do
    local victim = redis.call('ZRANGE', P .. 'w:' .. entry_type, 0, 0, 'WITHSCORES')
    if #victim == 0 then break end
    inflation = math.max(inflation, tonumber(victim[2]))
    local flat = remove_entry(victim[1], entry_type)
    result[1] = result[1] + 1
    if flat and #flat > 0 and now < tonumber(fields_of(flat).expiresAt) then
      table.insert(result, flat)
    end
  end
  redis.call('HSET', totals, 'inflation', tostring(inflation))
end

local inflation = tonumber(redis.call('HGET', totals, 'inflation')) or 0
local entry_key = P .. 'e:' .. key
redis.call('HSET', entry_key, 'key', key, 'type', entry_type, 'json', json,
  'dependencies', dependencies, 'createdAt', ARGV[6], 'expiresAt', ARGV[7],
  'staleUntil', ARGV[8], 'band', ARGV[9], 'size', size, 'hits', hits, 'lastAccess', ARGV[11])
redis.call('PEXPIRE', entry_key, ttl)
local index_keys = { key }
for _, dependency in ipairs(cjson.decode(dependencies)) do table.insert(index_keys, dependency) end
for _, dependency in ipairs(index_keys) do
  local index = P .. 'd:' .. dependency
  redis.call('SADD', index, key)
  -- An index set lives as long as its longest-lived entry, so it cannot leak.
  if redis.call('PTTL', index) < ttl then redis.call('PEXPIRE', index, ttl) end
end
redis.call('ZADD', P .. 'w:' .. entry_type, entry_worth(inflation, hits, size), key)
redis.call('ZADD', P .. 'x:' .. entry_type, stale_until, key)
redis.call('HSET', P .. 's:' .. entry_type, key, size)
redis.call('HINCRBY', totals, 'entries', 1)
redis.call('HINCRBY', totals, 'bytes', size)
return result
`);

/** ARGV: P, now, keys…; returns the hashes of the entries not past staleUntil, counting the reads. */
export const GET_SCRIPT = script(`
local now = tonumber(ARGV[2])
local found = {}
for i = 3, #ARGV do
  local entry_key = P .. 'e:' .. ARGV[i]
  local flat = redis.call('HGETALL', entry_key)
  local fields = fields_of(flat)
  if #flat > 0 and now < tonumber(fields.staleUntil) then
    local hits = redis.call('HINCRBY', entry_key, 'hits', 1)
    if now > tonumber(fields.lastAccess) then redis.call('HSET', entry_key, 'lastAccess', now) end
    local inflation = tonumber(redis.call('HGET', P .. 't:' .. fields.type, 'inflation')) or 0
    redis.call('ZADD', P .. 'w:' .. fields.type, 'XX',
      entry_worth(inflation, hits, tonumber(fields.size)), ARGV[i])
    table.insert(found, flat)
  end
end
return found
`);

/** ARGV: P, key. */
export const DELETE_SCRIPT = script(`
return remove_keys({ ARGV[2] })
`);

/** ARGV: P, dependency; removes the entries built from it (or keyed by it). */
export const DELETE_BY_DEPENDENCY_SCRIPT = script(`
local index = P .. 'd:' .. ARGV[2]
local removed = remove_keys(redis.call('SMEMBERS', index))
redis.call('DEL', index)
return removed
`);

/** ARGV: P, type. */
export const DELETE_BY_TYPE_SCRIPT = script(`
local entry_type = ARGV[2]
local removed = 0
for _, key in ipairs(redis.call('HKEYS', P .. 's:' .. entry_type)) do
  if remove_entry(key, entry_type) then removed = removed + 1 end
end
return removed
`);

/** ARGV: P, now, limit; removes up to limit entries past staleUntil. */
export const SWEEP_SCRIPT = script(`
local now, limit = ARGV[2], tonumber(ARGV[3])
local removed = 0
for _, entry_type in ipairs(redis.call('SMEMBERS', P .. 'types')) do
  if removed >= limit then break end
  local dead = redis.call('ZRANGEBYSCORE', P .. 'x:' .. entry_type, '-inf', now, 'LIMIT', 0, limit - removed)
  for _, key in ipairs(dead) do
    if remove_entry(key, entry_type) then removed = removed + 1 end
  end
end
return removed
`);

/** ARGV: P; returns { type, entries, bytes, … }. */
export const OCCUPANCY_SCRIPT = script(`
local report = {}
for _, entry_type in ipairs(redis.call('SMEMBERS', P .. 'types')) do
  local totals = redis.call('HMGET', P .. 't:' .. entry_type, 'entries', 'bytes')
  table.insert(report, entry_type)
  table.insert(report, totals[1] or '0')
  table.insert(report, totals[2] or '0')
end
return report
`);
