-- Kaigi's room registry in Redis: one script, so every operation is atomic and replicas never read-then-write.
-- ARGV[1] names the operation, ARGV[2] is the caller's clock (unix ms), ARGV[3] the TTL (ms) of peer and room
-- keys; the rest depends on the operation. Keys are derived here from ids, so this script needs a standalone or
-- Sentinel-managed Redis (not a sharded Redis Cluster). docs/operations.md lists every key.
--
-- Delivery: a replica subscribes to its own channel kaigi:node:<node>. One PUBLISH per replica and operation
-- carries lines "P <peer> <frame>" (presence, unnumbered), "D <peer> <seq> <frame-without-seq>" (content, kept
-- in the peer's stream until acknowledged), "K <peer> <epoch>" (the peer attached elsewhere: close the old
-- socket) and "L <knock> <1|0>" (a knock at a locked room was answered: admitted or declined). Frames are JSON
-- without raw newlines, so lines split cleanly.

local P = 'kaigi:'
local op = ARGV[1]
local now = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])

local function pk(id) return P .. 'peer:' .. id end
local function qk(id) return P .. 'peer:' .. id .. ':q' end
local function rk(room) return P .. 'room:' .. room end
local function nk(node) return P .. 'node:' .. node .. ':peers' end
-- A locked room's door: the lock flag, who knocks (knock id -> {node, name, t}) and knocks admitted but not yet in.
local function lk(room) return P .. 'room:' .. room .. ':lock' end
local function kk(room) return P .. 'room:' .. room .. ':knocks' end
local function gk(room) return P .. 'room:' .. room .. ':admitted' end
-- The knocks a replica's sockets hold ("<room> <knockId>"), so a dead replica's knocks can be withdrawn.
local function nkk(node) return P .. 'node:' .. node .. ':knocks' end
local AWAY = P .. 'away'
local NODES = P .. 'nodes'

local out = {}
local function emit(node, line)
  if not node or node == '' then return end
  local lines = out[node]
  if not lines then lines = {}; out[node] = lines end
  lines[#lines + 1] = line
end
local function flush()
  for node, lines in pairs(out) do
    redis.call('PUBLISH', P .. 'node:' .. node, table.concat(lines, '\n'))
  end
end

local function touch(id, room)
  redis.call('PEXPIRE', pk(id), ttl)
  redis.call('PEXPIRE', qk(id), ttl)
  redis.call('PEXPIRE', rk(room), ttl)
  redis.call('PEXPIRE', lk(room), ttl)
  redis.call('PEXPIRE', kk(room), ttl)
  redis.call('PEXPIRE', gk(room), ttl)
end

-- The door as a welcome shows it: locked (0/1) and the knocks in arrival order as {knockId, name}.
local function door(room)
  local flat = redis.call('HGETALL', kk(room))
  local lobby = {}
  for i = 1, #flat, 2 do
    local k = cjson.decode(flat[i + 1])
    lobby[#lobby + 1] = { flat[i], k.name, k.t }
  end
  table.sort(lobby, function(a, b) return a[3] < b[3] end)
  for _, entry in ipairs(lobby) do entry[3] = nil end
  return redis.call('EXISTS', lk(room)), lobby
end

local function members(room) return redis.call('ZRANGE', rk(room), 0, -1) end

local function roster(room, except)
  local list = {}
  for _, id in ipairs(members(room)) do
    if id ~= except then
      local f = redis.call('HMGET', pk(id), 'name', 'state')
      if f[1] then list[#list + 1] = { id, f[1], f[2] } end
    end
  end
  return list
end

-- Presence goes to connected peers only: an away peer gets the whole roster in its next welcome.
local function announce(room, except, frame)
  for _, id in ipairs(members(room)) do
    if id ~= except then emit(redis.call('HGET', pk(id), 'node'), 'P ' .. id .. ' ' .. frame) end
  end
end

local function inRoom(id, room) return redis.call('HGET', pk(id), 'room') == room end

-- Numbers content for one peer and keeps it until acknowledged. Connected: the oldest entry makes room.
-- Away: nothing unseen is evicted; the content is refused (counted for the resumer's welcome.dropped).
-- Queue bytes are cb - cr: cb counts every byte ever queued, each entry stores cb as of itself (field c), and cr
-- is the c of the newest entry removed; so trimming needs no sum over what it removes.
-- f: the peer's HMGET of node, qn, cb, cr, seq.
local function deliverTo(id, f, frame, bytes, maxN, maxB)
  local p = pk(id)
  local node, qn, cb, cr = f[1], tonumber(f[2]), tonumber(f[3]), tonumber(f[4])
  if node == '' and (qn >= maxN or cb - cr + bytes > maxB) then
    redis.call('HINCRBY', p, 'refused', 1)
    return false
  end
  local seq = tonumber(f[5]) + 1
  cb = cb + bytes
  redis.call('XADD', qk(id), '0-' .. seq, 'f', frame, 'c', cb)
  if qn == 0 then redis.call('PEXPIRE', qk(id), ttl) end
  qn = qn + 1
  while qn > maxN or cb - cr > maxB do
    local oldest = redis.call('XRANGE', qk(id), '-', '+', 'COUNT', 1)[1]
    redis.call('XDEL', qk(id), oldest[1])
    qn = qn - 1
    cr = tonumber(oldest[2][4])
  end
  redis.call('HSET', p, 'seq', seq, 'qn', qn, 'cb', cb, 'cr', cr)
  if node ~= '' then emit(node, 'D ' .. id .. ' ' .. seq .. ' ' .. frame) end
  return true
end

local QUEUE_FIELDS = { 'node', 'qn', 'cb', 'cr', 'seq', 'room' }

local function queueState(id)
  return redis.call('HMGET', pk(id), unpack(QUEUE_FIELDS))
end

-- Forgets everything up to seq upTo: the client has it.
local function trim(id, upTo)
  local last = redis.call('XREVRANGE', qk(id), '0-' .. upTo, '-', 'COUNT', 1)[1]
  if not last then return end
  local removed = redis.call('XTRIM', qk(id), 'MINID', '0-' .. (upTo + 1))
  redis.call('HSET', pk(id), 'cr', last[2][4])
  redis.call('HINCRBY', pk(id), 'qn', -removed)
end

-- The last participant is gone: the lock goes with the room, and whoever knocks is let in (nobody is left to ask).
local function openDoorIfEmpty(room)
  if redis.call('ZCARD', rk(room)) > 0 then return end
  local flat = redis.call('HGETALL', kk(room))
  for i = 1, #flat, 2 do
    local node = cjson.decode(flat[i + 1]).node
    redis.call('SREM', nkk(node), room .. ' ' .. flat[i])
    emit(node, 'L ' .. flat[i] .. ' 1')
  end
  redis.call('DEL', kk(room), lk(room), gk(room))
end

local function removePeer(id, room, reason, departedMs)
  local node = redis.call('HGET', pk(id), 'node')
  redis.call('ZREM', rk(room), id)
  openDoorIfEmpty(room)
  redis.call('DEL', pk(id), qk(id))
  redis.call('ZREM', AWAY, id)
  if node and node ~= '' then redis.call('SREM', nk(node), id) end
  redis.call('SET', P .. 'departed:' .. id, '1', 'PX', departedMs)
  announce(room, id, '{"type":"peer-left","peerId":"' .. id .. '","reason":"' .. reason .. '"}')
end

local function admit(room, id, name, state, node, seq, joinedFrame)
  redis.call('DEL', qk(id))
  redis.call('ZADD', rk(room), now, id)
  redis.call('HSET', pk(id), 'room', room, 'name', name, 'state', state, 'node', node, 'epoch', 1,
    'seq', seq, 'qn', 0, 'cb', 0, 'cr', 0, 'refused', 0)
  redis.call('SADD', nk(node), id)
  redis.call('PEXPIRE', nk(node), ttl)
  touch(id, room)
  announce(room, id, joinedFrame)
end

-- Takes a knock out of its room and out of its replica's index; returns that replica, or nil if there was none.
local function takeKnock(room, knockId)
  local knock = redis.call('HGET', kk(room), knockId)
  if not knock then return nil end
  redis.call('HDEL', kk(room), knockId)
  local node = cjson.decode(knock).node
  redis.call('SREM', nkk(node), room .. ' ' .. knockId)
  return node
end

-- A replica that is gone took its knocking newcomers' sockets with it: the participants' prompts end as withdrawn.
local function withdrawKnocksOf(node)
  for _, entry in ipairs(redis.call('SMEMBERS', nkk(node))) do
    local room, knockId = string.match(entry, '^(%S+) (%S+)$')
    if redis.call('HDEL', kk(room), knockId) == 1 then
      redis.call('SREM', gk(room), knockId)
      announce(room, nil, '{"type":"knock-ended","knockId":"' .. knockId .. '","outcome":"withdrawn"}')
    end
  end
  redis.call('DEL', nkk(node))
end

local function markAway(id, node)
  redis.call('HSET', pk(id), 'node', '')
  redis.call('ZADD', AWAY, now, id)
  redis.call('PEXPIRE', AWAY, ttl)
  redis.call('SREM', nk(node), id)
end

-- join: room id name state node maxPeers joinedFrame knockId knockFrame maxKnocks. A locked room lets in only an
-- admitted knock; anyone else knocks (knockId '' cannot wait: 'locked').
if op == 'join' then
  local room, id, name, state, node = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
  local knockId = ARGV[11]
  if redis.call('EXISTS', pk(id), P .. 'departed:' .. id) > 0 then return { 'retry' } end
  if redis.call('ZCARD', rk(room)) >= tonumber(ARGV[9]) then return { 'room-full' } end
  if redis.call('EXISTS', lk(room)) == 1 and (knockId == '' or redis.call('SREM', gk(room), knockId) == 0) then
    if knockId == '' then return { 'locked' } end
    if redis.call('HLEN', kk(room)) >= tonumber(ARGV[13]) then return { 'lobby-full' } end
    redis.call('HSET', kk(room), knockId, cjson.encode({ node = node, name = name, t = now }))
    redis.call('PEXPIRE', kk(room), ttl)
    redis.call('SADD', nkk(node), room .. ' ' .. knockId)
    redis.call('PEXPIRE', nkk(node), ttl)
    announce(room, nil, ARGV[12])
    flush()
    return { 'knocking' }
  end
  local others = roster(room, id)
  admit(room, id, name, state, node, 0, ARGV[10])
  local locked, lobby = door(room)
  flush()
  return { 'ok', 1, 0, 0, others, {}, locked, lobby }
end

-- lock: room id locked(1/0) frame
if op == 'lock' then
  local room, id = ARGV[4], ARGV[5]
  if not inRoom(id, room) then return 'not-joined' end
  if ARGV[6] == '1' then redis.call('SET', lk(room), '1', 'PX', ttl) else redis.call('DEL', lk(room)) end
  announce(room, nil, ARGV[7])
  flush()
  return 'ok'
end

-- answer: room id knockId admit(1/0) frame. The first answer removes the knock; a later one finds none.
if op == 'answer' then
  local room, id, knockId = ARGV[4], ARGV[5], ARGV[6]
  if not inRoom(id, room) then return 'not-joined' end
  local knocker = takeKnock(room, knockId)
  if not knocker then return 'unknown-knock' end
  if ARGV[7] == '1' then
    redis.call('SADD', gk(room), knockId)
    redis.call('PEXPIRE', gk(room), ttl)
  end
  emit(knocker, 'L ' .. knockId .. ' ' .. ARGV[7])
  announce(room, nil, ARGV[8])
  flush()
  return 'ok'
end

-- withdraw: room knockId frame. The newcomer went away while knocking (or before using its admission).
if op == 'withdraw' then
  local room, knockId = ARGV[4], ARGV[5]
  redis.call('SREM', gk(room), knockId)
  if takeKnock(room, knockId) then
    announce(room, nil, ARGV[6])
    flush()
  end
  return 'ok'
end

-- resume: room id name state node maxPeers lastSeq joinedFrame
if op == 'resume' then
  local room, id, name, state, node = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
  local lastSeq = tonumber(ARGV[10])
  if redis.call('EXISTS', P .. 'departed:' .. id) == 1 then return { 'departed' } end
  local p = pk(id)
  if redis.call('EXISTS', p) == 0 then
    -- Redis no longer knows the peer (it lost its data): the signed claim restores it, numbering goes on.
    if redis.call('ZCARD', rk(room)) >= tonumber(ARGV[9]) then return { 'room-full' } end
    local others = roster(room, id)
    admit(room, id, name, state, node, lastSeq, ARGV[11])
    local locked, lobby = door(room)
    flush()
    return { 'readmitted', 1, lastSeq, 0, others, {}, locked, lobby }
  end
  if redis.call('HGET', p, 'room') ~= room then return { 'departed' } end
  local old = redis.call('HGET', p, 'node')
  local epoch = redis.call('HINCRBY', p, 'epoch', 1)
  if old ~= '' then
    redis.call('SREM', nk(old), id)
    emit(old, 'K ' .. id .. ' ' .. epoch)
  end
  redis.call('HSET', p, 'node', node)
  redis.call('ZREM', AWAY, id)
  redis.call('SADD', nk(node), id)
  redis.call('PEXPIRE', nk(node), ttl)
  trim(id, lastSeq)
  local seq = tonumber(redis.call('HGET', p, 'seq'))
  local first = redis.call('XRANGE', qk(id), '-', '+', 'COUNT', 1)[1]
  local oldest = first and tonumber(string.match(first[1], '%-(%d+)$')) or (seq + 1)
  local lost = math.max(0, oldest - math.min(lastSeq, seq) - 1) + tonumber(redis.call('HGET', p, 'refused'))
  redis.call('HSET', p, 'refused', 0)
  local replay = {}
  for _, e in ipairs(redis.call('XRANGE', qk(id), '-', '+')) do
    replay[#replay + 1] = string.match(e[1], '%-(%d+)$')
    replay[#replay + 1] = e[2][2]
  end
  touch(id, room)
  local others = roster(room, id)
  local locked, lobby = door(room)
  flush()
  return { 'resumed', epoch, seq, lost, others, replay, locked, lobby }
end

-- The relay operations, callable alone (op = their name) or many at once (op = 'batch'). Each reads its
-- arguments from a[i], a[i+1], ... and returns a status; `arity` says how many it takes.
local relay = {}
local arity = { signal = 7, chat = 6, state = 4, ack = 5 }

-- signal: room from to frame bytes maxN maxB
relay.signal = function(a, i)
  local room, from, to = a[i], a[i + 1], a[i + 2]
  if not inRoom(from, room) then return 'not-joined' end
  local f = queueState(to)
  if f[6] ~= room then return 'unknown-peer' end
  if not deliverTo(to, f, a[i + 3], tonumber(a[i + 4]), tonumber(a[i + 5]), tonumber(a[i + 6])) then
    return 'queue-full'
  end
  return 'ok'
end

-- chat: room from frame bytes maxN maxB
relay.chat = function(a, i)
  local room, from = a[i], a[i + 1]
  if not inRoom(from, room) then return 'not-joined' end
  for _, id in ipairs(members(room)) do
    if id ~= from then
      local f = queueState(id)
      if f[6] == room then deliverTo(id, f, a[i + 2], tonumber(a[i + 3]), tonumber(a[i + 4]), tonumber(a[i + 5])) end
    end
  end
  return 'ok'
end

-- state: room id state frame
relay.state = function(a, i)
  local room, id = a[i], a[i + 1]
  if not inRoom(id, room) then return 'not-joined' end
  redis.call('HSET', pk(id), 'state', a[i + 2])
  announce(room, id, a[i + 3])
  return 'ok'
end

-- ack: room id node epoch seq
relay.ack = function(a, i)
  local room, id = a[i], a[i + 1]
  if not inRoom(id, room) then return 'not-joined' end
  local f = redis.call('HMGET', pk(id), 'node', 'epoch', 'seq')
  if f[1] == a[i + 2] and f[2] == a[i + 3] then trim(id, math.min(tonumber(a[i + 4]), tonumber(f[3]))) end
  return 'ok'
end

if relay[op] then
  local status = relay[op](ARGV, 4)
  flush()
  return status
end

-- batch: count, then count times: name and its arguments. One call and one PUBLISH per replica for many
-- messages of many senders; each sender has at most one message in a batch, so its order is kept.
if op == 'batch' then
  local statuses = {}
  local i = 5
  for n = 1, tonumber(ARGV[4]) do
    local name = ARGV[i]
    statuses[n] = relay[name](ARGV, i + 1)
    i = i + 1 + arity[name]
  end
  flush()
  return statuses
end

-- leave: room id node epoch reason departedMs. A stale socket (another epoch or replica) cannot take the peer.
if op == 'leave' then
  local room, id = ARGV[4], ARGV[5]
  local f = redis.call('HMGET', pk(id), 'room', 'node', 'epoch')
  if f[1] == room and f[2] == ARGV[6] and f[3] == ARGV[7] then
    removePeer(id, room, ARGV[8], tonumber(ARGV[9]))
    flush()
  end
  return 'ok'
end

-- disconnect: id node epoch ack. ack (-1: none) is the client's last, which the replica had not passed on yet.
if op == 'disconnect' then
  local id = ARGV[4]
  local f = redis.call('HMGET', pk(id), 'node', 'epoch', 'seq')
  if f[1] == ARGV[5] and f[2] == ARGV[6] then
    local ack = tonumber(ARGV[7])
    if ack > 0 then trim(id, math.min(ack, tonumber(f[3]))) end
    markAway(id, ARGV[5])
  end
  return 'ok'
end

-- heartbeat: node wasRegistered refreshTtls. 'evicted' when others declared this replica dead meanwhile.
if op == 'heartbeat' then
  local node = ARGV[4]
  local known = redis.call('ZSCORE', NODES, node)
  redis.call('ZADD', NODES, now, node)
  redis.call('PEXPIRE', NODES, ttl)
  if ARGV[6] == '1' then
    local set = nk(node)
    for _, id in ipairs(redis.call('SMEMBERS', set)) do
      local room = redis.call('HGET', pk(id), 'room')
      if room then touch(id, room) else redis.call('SREM', set, id) end
    end
    redis.call('PEXPIRE', set, ttl)
    redis.call('PEXPIRE', nkk(node), ttl)
  end
  if not known and ARGV[5] == '1' then return 'evicted' end
  return 'ok'
end

-- retire: node. A replica that stops hands its remaining peers over as away.
if op == 'retire' then
  local node = ARGV[4]
  for _, id in ipairs(redis.call('SMEMBERS', nk(node))) do
    if redis.call('HGET', pk(id), 'node') == node then markAway(id, node) end
  end
  redis.call('DEL', nk(node))
  withdrawKnocksOf(node)
  redis.call('ZREM', NODES, node)
  flush()
  return 'ok'
end

-- sweep: deadBefore awayBefore departedMs limit. Peers of silent replicas go away; away too long, they leave.
if op == 'sweep' then
  local dead = redis.call('ZRANGEBYSCORE', NODES, '-inf', '(' .. ARGV[4])
  for _, node in ipairs(dead) do
    for _, id in ipairs(redis.call('SMEMBERS', nk(node))) do
      if redis.call('HGET', pk(id), 'node') == node then markAway(id, node) end
    end
    redis.call('DEL', nk(node))
    withdrawKnocksOf(node)
    redis.call('ZREM', NODES, node)
  end
  local expired = 0
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', AWAY, '-inf', '(' .. ARGV[5], 'LIMIT', 0, tonumber(ARGV[7]))) do
    local room = redis.call('HGET', pk(id), 'room')
    if room then
      removePeer(id, room, 'timeout', tonumber(ARGV[6]))
      expired = expired + 1
    else
      redis.call('ZREM', AWAY, id)
    end
  end
  flush()
  return { expired, #dead }
end

return redis.error_reply('unknown operation ' .. tostring(op))
