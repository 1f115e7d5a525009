import { ENTRY_WORTH_LUA } from '../entry-worth';
import { LuaScript } from './lua-script';

/**
 * The Redis store's operations, each one Lua script so that it is atomic. ARGV[1] is the domain
 * prefix D and ARGV[2] the tier; the domain's invalidation counter and tombstones, shared by its
 * tiers, are under D:
 *   D i:counter  string: the invalidation counter
 *   D i:tombs    hash: scope (tombstone-scopes.ts) to the counter of its last invalidation
 *   D i:ages     sorted set: scope by the time it was recorded, for pruning without a scan
 *   D i:pruned   string: tombstones up to this counter may have been pruned
 * and a tier's keys under P = D <tier>: :
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
local D = ARGV[1]
local P = D .. ARGV[2] .. ':'
${ENTRY_WORTH_LUA}
local function counter() return tonumber(redis.call('GET', D .. 'i:counter')) or 0 end
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
 * ARGV: D, tier, key, type, json, dependencies (JSON), createdAt, expiresAt, staleUntil, band,
 * size, now, budget, ttl (ms, relative), loadCost, warmedBy, stamp, scopes… Returns { evicted
 * count, outcome (0 stored, 1 too large, 2 invalidated, 3 stamp expired), counter, fresh evicted
 * hashes… }.
 */
export const SET_SCRIPT = script(`
local key, entry_type, json, dependencies = ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local expires_at, stale_until = tonumber(ARGV[8]), tonumber(ARGV[9])
local size, now, budget, ttl = tonumber(ARGV[11]), tonumber(ARGV[12]), tonumber(ARGV[13]), tonumber(ARGV[14])
local stamp = tonumber(ARGV[17])
local current = counter()
for i = 18, #ARGV do
  if (tonumber(redis.call('HGET', D .. 'i:tombs', ARGV[i])) or 0) > stamp then return { 0, 2, current } end
end
if stamp < (tonumber(redis.call('GET', D .. 'i:pruned')) or 0) then return { 0, 3, current } end
local totals = P .. 't:' .. entry_type
local hits = 0
local previous_type = type_of(key)
if previous_type then
  hits = tonumber(fields_of(remove_entry(key, previous_type) or {}).hits) or 0
end
redis.call('SADD', P .. 'types', entry_type)
if size > budget then return { 1, 1, current } end

local function bytes() return tonumber(redis.call('HGET', totals, 'bytes')) or 0 end
local result = { 0, 0, current }
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
  'dependencies', dependencies, 'createdAt', ARGV[7], 'expiresAt', ARGV[8],
  'staleUntil', ARGV[9], 'band', ARGV[10], 'loadCost', ARGV[15], 'warmedBy', ARGV[16],
  'size', size, 'hits', hits, 'lastAccess', ARGV[12])
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

/**
 * ARGV: D, tier, now, keys…; returns { counter, hashes of the entries not past staleUntil… },
 * counting the reads.
 */
export const GET_SCRIPT = script(`
local now = tonumber(ARGV[3])
local found = { counter() }
for i = 4, #ARGV do
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

/** ARGV: D, tier; returns the counter. */
export const STAMP_SCRIPT = script(`
return counter()
`);

/**
 * ARGV: D, tier, now, kind (key, dependency or type), name, scope, tiers…; removes what the
 * target names from each tier, raises the counter and records the scope's tombstone. Returns the
 * number of entries removed. Each tier is reached through its index of the target: the entry's
 * hash, the dependency set, or the type's size hash, never a scan.
 */
export const INVALIDATE_SCRIPT = script(`
local kind, name, scope = ARGV[4], ARGV[5], ARGV[6]
local removed = 0
for t = 7, #ARGV do
  P = D .. ARGV[t] .. ':'
  if kind == 'key' then
    removed = removed + remove_keys({ name })
  elseif kind == 'dependency' then
    local index = P .. 'd:' .. name
    removed = removed + remove_keys(redis.call('SMEMBERS', index))
    redis.call('DEL', index)
  else
    for _, key in ipairs(redis.call('HKEYS', P .. 's:' .. name)) do
      if remove_entry(key, name) then removed = removed + 1 end
    end
  end
end
local current = redis.call('INCR', D .. 'i:counter')
redis.call('HSET', D .. 'i:tombs', scope, current)
redis.call('ZADD', D .. 'i:ages', tonumber(ARGV[3]), scope)
return {removed, current}
`);

/**
 * ARGV: D, tier, horizon, limit; forgets up to limit tombstones recorded before the horizon and
 * raises i:pruned to the highest counter forgotten. Returns how many were forgotten.
 */
export const PRUNE_TOMBSTONES_SCRIPT = script(`
local old = redis.call('ZRANGEBYSCORE', D .. 'i:ages', '-inf', '(' .. ARGV[3], 'LIMIT', 0, tonumber(ARGV[4]))
local highest = tonumber(redis.call('GET', D .. 'i:pruned')) or 0
for _, scope in ipairs(old) do
  highest = math.max(highest, tonumber(redis.call('HGET', D .. 'i:tombs', scope)) or 0)
  redis.call('HDEL', D .. 'i:tombs', scope)
  redis.call('ZREM', D .. 'i:ages', scope)
end
redis.call('SET', D .. 'i:pruned', highest)
return #old
`);

/** ARGV: D, tier, now, limit; removes up to limit entries past staleUntil. */
export const SWEEP_SCRIPT = script(`
local now, limit = ARGV[3], tonumber(ARGV[4])
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

/** ARGV: D, tier; returns { type, entries, bytes, … }. */
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
