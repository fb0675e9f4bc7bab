-- queries.lua — wrk script for `make bench-serve`: each request is a GET
-- /api/search for the next query of a list (one per line, rotating; each
-- thread starts at a different place), URL-encoded. At the end it prints
-- one line for run.sh: requests/s, p50 and p99 latency (ms), errors.
-- usage: wrk ... -s queries.lua URL -- QUERYFILE [EXTRA-PARAMS]
local queries = {}
local extra = ""
local i = 0

local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  local f = assert(io.open(args[1], "r"), "cannot read " .. tostring(args[1]))
  for line in f:lines() do
    if line ~= "" then queries[#queries + 1] = encode(line) end
  end
  f:close()
  extra = args[2] or ""
  i = math.random(#queries)
end

function request()
  i = i % #queries + 1
  return wrk.format("GET", "/api/search?q=" .. queries[i] .. extra)
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("RESULT rps=%.1f p50=%.2f p99=%.2f requests=%d errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests, errors, e.status))
end
