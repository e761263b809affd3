-- The requests of bench/services.py: `wrk -s requests.lua <url of the list> -- MODE ROWS PREFIX`.
--   get:    GET   <list>/<random id in 1..ROWS>
--   update: PATCH <list>/<random id in 1..ROWS>, a new quantity
--   create: POST  <list>, a name no other request uses: PREFIX-<thread>-<counter>
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function init(args)
  mode, rows, prefix = args[1], tonumber(args[2]), args[3]
  counter = 0
  math.randomseed(thread_id)
end

local json = { ["Content-Type"] = "application/json" }

function request()
  counter = counter + 1
  if mode == "create" then
    local body = string.format('{"name":"%s-%d-%d","quantity":1}', prefix, thread_id, counter)
    return wrk.format("POST", wrk.path, json, body)
  end
  local item = string.format("%s/%d", wrk.path, math.random(rows))
  if mode == "update" then
    return wrk.format("PATCH", item, json, string.format('{"quantity":%d}', counter))
  end
  return wrk.format("GET", item)
end
