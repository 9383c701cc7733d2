-- wrk script: one request shape per run, paced so that all connections together send RATE requests per second.
-- Environment: METHOD (GET|POST), BODY (for POST), TOKEN (bearer credential), RATE (0 = as fast as possible).
local method = os.getenv("METHOD") or "GET"
local body = os.getenv("BODY")
local token = os.getenv("TOKEN")
local rate = tonumber(os.getenv("RATE") or "0")
local connections = tonumber(os.getenv("CONNECTIONS") or "1")
local threads = tonumber(os.getenv("THREADS") or "1")

function init(args)
  wrk.method = method
  wrk.headers["Authorization"] = "Bearer " .. token
  if body then
    wrk.body = body
    wrk.headers["Content-Type"] = "application/json"
  end
end

-- Each connection waits connections/rate seconds between requests: the aggregate is RATE per second.
function delay()
  if rate <= 0 then
    return 0
  end
  return 1000 * connections / rate
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
      + summary.errors.timeout))
end
