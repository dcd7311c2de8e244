"""Lua scripts: each change of a case runs in Redis as one step, so a crash or a restart never leaves half of it.

Return codes are small integers that `streams.review.cases` turns into words.
"""

# KEYS: case, hits, stream, versions, hit-index, open, by-declaration, claimed
# ARGV: case key, hit id, hit json, queue, declaration key, version, now epoch, now iso, case prefix, group
# -> 0 hit already in its case, 1 joined an existing case, 2 opened a case, 3 opened it superseded
ADD_HIT = """
if redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[3]) == 0 then return 0 end
redis.call('HSET', KEYS[5], ARGV[2], ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'hits', 1)
  return 1
end
local version = tonumber(ARGV[6])
local newer = redis.call('ZRANGEBYSCORE', KEYS[4], '(' .. ARGV[6], '+inf', 'LIMIT', 0, 1)
redis.call('ZADD', KEYS[4], version, ARGV[1])
redis.call('SADD', KEYS[7], ARGV[1])
redis.call('HSET', KEYS[1], 'key', ARGV[1], 'queue', ARGV[4], 'declaration_key', ARGV[5],
           'version', ARGV[6], 'opened_at', ARGV[8], 'opened_epoch', ARGV[7], 'hits', 1)
if #newer > 0 then
  redis.call('HSET', KEYS[1], 'status', 'superseded', 'superseded_by', newer[1])
  local newest = ARGV[9] .. newer[1]
  if redis.call('HGET', newest, 'supersedes') == false then redis.call('HSET', newest, 'supersedes', ARGV[1]) end
  return 3
end
local entry = redis.call('XADD', KEYS[3], '*', 'case', ARGV[1])
redis.call('HSET', KEYS[1], 'status', 'open', 'entry', entry)
redis.call('ZADD', KEYS[6], ARGV[7], ARGV[1])
local older = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', '(' .. ARGV[6])
for i, old in ipairs(older) do
  local key = ARGV[9] .. old
  local status = redis.call('HGET', key, 'status')
  if status == 'open' or status == 'claimed' then
    redis.call('HSET', key, 'status', 'superseded', 'superseded_by', ARGV[1])
    redis.call('ZREM', KEYS[6], old)
    redis.call('ZREM', KEYS[8], old)
    local old_entry = redis.call('HGET', key, 'entry')
    if old_entry then redis.call('XACK', KEYS[3], ARGV[10], old_entry) end
  end
  if i == #older then redis.call('HSET', KEYS[1], 'supersedes', old) end
end
return 2
"""

# KEYS: case, stream, open, claimed   ARGV: entry, reviewer, now epoch, now iso, case key, group
# -> 1 claimed; 0 the entry is stale (acknowledged and skipped)
CLAIM = """
if redis.call('HGET', KEYS[1], 'status') == 'open' and redis.call('HGET', KEYS[1], 'entry') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'status', 'claimed', 'claimed_by', ARGV[2], 'claimed_at', ARGV[4],
             'claimed_epoch', ARGV[3])
  redis.call('ZREM', KEYS[3], ARGV[5])
  redis.call('ZADD', KEYS[4], ARGV[3], ARGV[5])
  return 1
end
redis.call('XACK', KEYS[2], ARGV[6], ARGV[1])
return 0
"""

# Back to the queue, as a new entry at its end: a release, or a claim whose time ran out.
# KEYS: case, stream, open, claimed   ARGV: entry or '', reviewer or '', case key, group
# -> 1 returned; 0 not claimed (by that reviewer, on that entry)
REQUEUE = """
if redis.call('HGET', KEYS[1], 'status') ~= 'claimed' then
  if ARGV[1] ~= '' then redis.call('XACK', KEYS[2], ARGV[4], ARGV[1]) end
  return 0
end
local entry = redis.call('HGET', KEYS[1], 'entry')
if (ARGV[1] ~= '' and entry ~= ARGV[1]) or (ARGV[2] ~= '' and redis.call('HGET', KEYS[1], 'claimed_by') ~= ARGV[2]) then
  if ARGV[1] ~= '' and entry ~= ARGV[1] then redis.call('XACK', KEYS[2], ARGV[4], ARGV[1]) end
  return 0
end
local fresh = redis.call('XADD', KEYS[2], '*', 'case', ARGV[3])
redis.call('XACK', KEYS[2], ARGV[4], entry)
redis.call('HSET', KEYS[1], 'status', 'open', 'entry', fresh)
redis.call('HDEL', KEYS[1], 'claimed_by', 'claimed_at', 'claimed_epoch')
redis.call('ZREM', KEYS[4], ARGV[3])
redis.call('ZADD', KEYS[3], redis.call('HGET', KEYS[1], 'opened_epoch'), ARGV[3])
return 1
"""

# KEYS: case, stream, claimed, decided-today, decisions, history
# ARGV: reviewer, decision, comment, now iso, now epoch, case key, group, history json, decision id
# -> 1 decided; -1 not claimed; -2 claimed by another; -3 superseded; -4 decided already
DECIDE = """
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'superseded' then return -3 end
if status == 'decided' then return -4 end
if status ~= 'claimed' then return -1 end
if redis.call('HGET', KEYS[1], 'claimed_by') ~= ARGV[1] then return -2 end
redis.call('HSET', KEYS[1], 'status', 'decided', 'decision', ARGV[2], 'comment', ARGV[3], 'decided_by', ARGV[1],
           'decided_at', ARGV[4], 'decision_id', ARGV[9])
redis.call('XACK', KEYS[2], ARGV[7], redis.call('HGET', KEYS[1], 'entry'))
redis.call('ZREM', KEYS[3], ARGV[6])
redis.call('INCR', KEYS[4])
redis.call('EXPIRE', KEYS[4], 172800)
redis.call('ZADD', KEYS[5], ARGV[5], ARGV[2] .. '|' .. ARGV[6])
redis.call('LPUSH', KEYS[6], ARGV[8])
return 1
"""
