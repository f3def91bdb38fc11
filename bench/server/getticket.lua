-- GET /api/tickets/{id} with a bearer token.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TD_TOKEN")

function done(summary, latency, requests)
    io.write(string.format("p50_ms=%.3f p99_ms=%.3f\n", latency:percentile(50) / 1000,
        latency:percentile(99) / 1000))
end
