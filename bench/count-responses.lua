-- wrk script for the miss path (bench/lib/miss.ts): counts every response by its status
-- and the value of one response header (named after `--`, any case; "(none)" when absent),
-- so a run proves what each response was (e.g. X-Cache: Miss from cachefront), not just
-- how fast. Each wrk thread counts in its own Lua state; done() runs in the main one and
-- prints every thread's counts, one line each: "count <n> <status> <header value>".
threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  wanted = string.lower(args[1] or "x-cache")
  counts = {}
end

function response(status, headers, body)
  local value = "(none)"
  for name, v in pairs(headers) do
    if string.lower(name) == wanted then value = v end
  end
  local key = status .. " " .. value
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("counts")) do
      io.write(string.format("count %d %s\n", n, key))
    end
  end
end
