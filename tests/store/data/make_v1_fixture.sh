#!/usr/bin/env bash
# Writes cache-v1.sqlite: a ticket cache exactly as schema version 1 (the first release)
# left it, with three tickets, their events, a sync cursor and one queued outbox transition.
# The file is committed; tst_cachedatabase opens a copy and checks the upgrade to the
# current version keeps all of it and makes it searchable. The DDL below is a frozen copy of
# schema step 0 -> 1 in app/store/schema.cpp: do not edit it when the schema moves on.
set -euo pipefail
out=${1:-"$(dirname "$0")/cache-v1.sqlite"}
rm -f "$out" "$out-wal" "$out-shm"
sqlite3 "$out" <<'SQL'
PRAGMA journal_mode=DELETE;
CREATE TABLE tickets (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    number INTEGER NOT NULL,
    project_id TEXT,
    project_key TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    request_type INTEGER NOT NULL,
    priority INTEGER NOT NULL,
    status INTEGER NOT NULL,
    roles TEXT NOT NULL,
    blocking INTEGER NOT NULL,
    requester_name TEXT NOT NULL,
    requester_email TEXT NOT NULL,
    updated_ms INTEGER NOT NULL,
    version INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    json TEXT NOT NULL);
CREATE INDEX tickets_number ON tickets(number);
CREATE INDEX tickets_updated ON tickets(updated_ms, number);
CREATE INDEX tickets_priority ON tickets(priority, number);
CREATE INDEX tickets_status ON tickets(status, number);
CREATE INDEX tickets_project ON tickets(project_key, updated_ms, number);
CREATE TABLE events (
    ticket_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (ticket_id, seq)) WITHOUT ROWID;
CREATE TABLE sync_state (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('create', 'transition')),
    project_id TEXT,
    ticket_id TEXT,
    payload TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL
        CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'conflict')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL,
    last_error TEXT,
    server_ticket TEXT,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL);
CREATE INDEX outbox_ticket ON outbox(ticket_id);
CREATE INDEX outbox_due ON outbox(state, next_attempt_ms);

INSERT INTO tickets VALUES (1, '0b6f3c1e-0000-4000-8000-000000000001', 1,
  '2489E9AD-2EE2-8E00-8EC9-32D5F69181C0', '2489e9ad-2ee2-8e00-8ec9-32d5f69181c0',
  'Checkout button does nothing', 'Clicking pay on Safari leaves the spinner forever.',
  0, 3, 0, '|frontend|', 1, 'Carl Client', 'carl@client.test', 1795338302120, 1, 3,
  '{"id":"0b6f3c1e-0000-4000-8000-000000000001","number":1,"tenant":"switchback-engineering","project_id":"2489E9AD-2EE2-8E00-8EC9-32D5F69181C0","title":"Checkout button does nothing","description":"Clicking pay on Safari leaves the spinner forever.","request_type":"bug","priority":"urgent","roles":["frontend"],"blocking":true,"evidence":{},"suggested_resolution":"","implementation_notes":"","requester":{"name":"Carl Client","email":"carl@client.test"},"actor_role":"user","actor_id":"u-carl","source":"portal","agent_vendor":null,"status":"new","version":1,"seq":3,"created_at":"2026-11-22T09:05:02.120Z","updated_at":"2026-11-22T09:05:02.120Z"}');
INSERT INTO tickets VALUES (2, '0b6f3c1e-0000-4000-8000-000000000002', 2,
  '2489E9AD-2EE2-8E00-8EC9-32D5F69181C0', '2489e9ad-2ee2-8e00-8ec9-32d5f69181c0',
  'Invoice shows the wrong VAT', 'The November invoice charges 21% instead of 19%.',
  3, 1, 1, '', 0, 'Carl Client', 'carl@client.test', 1795338602120, 2, 5,
  '{"id":"0b6f3c1e-0000-4000-8000-000000000002","number":2,"tenant":"switchback-engineering","project_id":"2489E9AD-2EE2-8E00-8EC9-32D5F69181C0","title":"Invoice shows the wrong VAT","description":"The November invoice charges 21% instead of 19%.","request_type":"billing_question","priority":"medium","roles":[],"blocking":false,"evidence":{},"suggested_resolution":"","implementation_notes":"","requester":{"name":"Carl Client","email":"carl@client.test"},"actor_role":"user","actor_id":"u-carl","source":"portal","agent_vendor":null,"status":"triaged","version":2,"seq":5,"created_at":"2026-11-22T09:06:02.120Z","updated_at":"2026-11-22T09:10:02.120Z"}');
INSERT INTO tickets VALUES (3, '0b6f3c1e-0000-4000-8000-000000000003', 3, NULL, '',
  'How do I export my data?', 'I would like a CSV of every order placed in 2026.',
  1, 0, 0, '', 0, 'Zoë Requester', 'zoe@example.test', 1795338062120, 1, 4,
  '{"id":"0b6f3c1e-0000-4000-8000-000000000003","number":3,"tenant":"switchback-engineering","project_id":null,"title":"How do I export my data?","description":"I would like a CSV of every order placed in 2026.","request_type":"question","priority":"low","roles":[],"blocking":false,"evidence":{},"suggested_resolution":"","implementation_notes":"","requester":{"name":"Zoë Requester","email":"zoe@example.test"},"actor_role":"requester","actor_id":null,"source":"capability","agent_vendor":null,"status":"new","version":1,"seq":4,"created_at":"2026-11-22T09:01:02.120Z","updated_at":"2026-11-22T09:01:02.120Z"}');
INSERT INTO events VALUES ('0b6f3c1e-0000-4000-8000-000000000002', 2,
  '{"seq":2,"type":"created","from":null,"to":"new","actor_id":"u-carl","note":"","at":"2026-11-22T09:06:02.120Z"}');
INSERT INTO events VALUES ('0b6f3c1e-0000-4000-8000-000000000002', 5,
  '{"seq":5,"type":"status_changed","from":"new","to":"triaged","actor_id":"u-olive","note":"","at":"2026-11-22T09:10:02.120Z"}');
INSERT INTO sync_state VALUES ('next_since', 5);
INSERT INTO sync_state VALUES ('last_sync_at', 1795338610000);
INSERT INTO sync_state VALUES ('clean_close', 1);
INSERT INTO outbox (kind, project_id, ticket_id, payload, idempotency_key, state, attempts,
    next_attempt_ms, created_ms, updated_ms)
VALUES ('transition', NULL, '0b6f3c1e-0000-4000-8000-000000000001',
    '{"expected_version":1,"to":"triaged"}', '5d1c0a7e-9f0b-4c55-a1de-3f8e0c6b2a91', 'queued',
    0, 1795338700000, 1795338700000, 1795338700000);
PRAGMA user_version = 1;
SQL
echo "wrote $out"
