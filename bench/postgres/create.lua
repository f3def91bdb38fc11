-- POST /api/projects/{uuid}/tickets with a title no other request uses (TD_PREFIX keeps two
-- wrk processes apart), so every request is a real insert, never a duplicate-window answer.
local counter = 0
local threads = {}
local project = os.getenv("TD_PROJECT")
local token = os.getenv("TD_TOKEN")
local prefix = os.getenv("TD_PREFIX") or "w"

function setup(thread)
    thread:set("id", #threads)
    table.insert(threads, thread)
end

function init(args)
    created = 0
    other = 0
end

function request()
    counter = counter + 1
    local body = string.format(
        '{"title":"Bench %s %d-%d","description":"Created by wrk to measure inserts.",' ..
        '"request_type":"bug","roles":["frontend"],"priority":"medium"}', prefix, id, counter)
    return wrk.format("POST", "/api/projects/" .. project .. "/tickets",
        {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

function response(status, headers, body)
    if status == 201 then created = created + 1 else other = other + 1 end
end

function done(summary, latency, requests)
    local c, o = 0, 0
    for _, t in ipairs(threads) do
        c = c + t:get("created")
        o = o + t:get("other")
    end
    io.write(string.format("created=%d other=%d p50_ms=%.2f p99_ms=%.2f\n", c, o,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
