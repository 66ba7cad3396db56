-- wrk script for benches/load-serve.sh: cycles through the queries of
-- benches/queries.txt as /api/search requests (the `--region`, `--actor`,
-- `--from`, `--to` filters after a TAB become URL parameters), stops each
-- thread after its share of REQUESTS, and prints the figures and errors.
-- wrk runs for a duration, not a count: each thread that has its share drops
-- a file in DONE_DIR, and the shell script then interrupts wrk (SIGINT), which
-- ends the run and reports the time actually taken.

local total = tonumber(os.getenv("REQUESTS") or "20000")
local threads = tonumber(os.getenv("THREADS") or "2")
local file = os.getenv("QUERIES") or "benches/queries.txt"
local done_dir = os.getenv("DONE_DIR") or "."

local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- `--region "western africa" --from 2021` -> `&region=western%20africa&from=2021`
local function filters(text)
  local out, pos = {}, 1
  while true do
    local s, e, flag = text:find("%-%-(%a+)%s+", pos)
    if not s then break end
    local value
    if text:sub(e + 1, e + 1) == '"' then
      value, pos = text:match('^"([^"]*)"()', e + 1)
    else
      value, pos = text:match("^(%S+)()", e + 1)
    end
    if not value then error("cannot read the filters `" .. text .. "`") end
    out[#out + 1] = "&" .. flag .. "=" .. encode(value)
  end
  return table.concat(out)
end

local paths = {}
for line in io.lines(file) do
  if line:match("%S") and not line:match("^#") then
    local query, rest = line:match("^([^\t]*)\t?(.*)$")
    paths[#paths + 1] = "/api/search?q=" .. encode(query) .. filters(rest)
  end
end

local counter, done_here, share = 0, 0, math.ceil(total / threads)

local created = 0
function setup(thread)
  created = created + 1
  thread:set("id", created)
  -- Each thread starts at another place in the mix.
  thread:set("start", math.random(#paths))
end

function init(args)
  counter = tonumber(start) or 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[counter % #paths + 1])
end

function response(status, headers, body)
  done_here = done_here + 1
  if done_here == share then
    local marker = io.open(done_dir .. "/thread-" .. tostring(id), "w")
    marker:write(done_here, "\n")
    marker:close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("queries in the mix: %d\n", #paths))
  io.write(string.format("requests: %d in %.2f s\n", summary.requests, summary.duration / 1e6))
  io.write(string.format("requests/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50: %.2f ms  p90: %.2f ms  p99: %.2f ms  max: %.2f ms\n",
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3))
  io.write(string.format("errors: %d (connect %d, read %d, write %d, non-2xx %d, timeout %d)\n",
    errors, e.connect, e.read, e.write, e.status, e.timeout))
end
