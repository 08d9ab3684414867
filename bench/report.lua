-- wrk script: rotate through the paths given after `--`, then print one JSON line of figures.
local paths = {}
local counter = 0

function init(args)
  for i = 1, #args do
    paths[#paths + 1] = args[i]
  end
  wrk.headers["Accept-Encoding"] = "gzip, deflate, br"
end

function request()
  if #paths == 0 then
    return wrk.format("GET")
  end
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"errors": %d}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.status + errors.timeout))
end
