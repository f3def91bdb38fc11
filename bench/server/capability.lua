-- The agent capability's happy path (seed 002), one unique subject per request.
local counter = 0
local tenant = os.getenv("TD_TENANT")
local run = string.format("%x", os.time())

function request()
    counter = counter + 1
    local body = string.format(
        '{"requester_name":"Bench Requester","requester_email":"bench@example.com",' ..
        '"kind":"question","subject":"Bench question %s-%d","body":"How fast is this?"}', run, counter)
    return wrk.format("POST", "/api/tenants/" .. tenant .. "/capabilities/projects.create_ticket",
        {["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
    io.write(string.format("p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f\n", latency:percentile(50) / 1000,
        latency:percentile(90) / 1000, latency:percentile(99) / 1000))
end
