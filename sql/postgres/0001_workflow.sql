-- The workflow store: accounts, sessions, API tokens, submissions with every
-- version and event, the audit log and the outbox of approved values. Plain
-- SQL without extensions, so that PostgreSQL-compatible domestic databases
-- (openGauss, KingbaseES) can run it. Times are timestamptz (microseconds);
-- NULL stands for Go's zero time.

CREATE TABLE users (
    id            text PRIMARY KEY,
    name          text NOT NULL,
    display_name  text NOT NULL DEFAULT '',
    role          text NOT NULL,
    org_unit      text NOT NULL DEFAULT '',
    password_hash text NOT NULL DEFAULT '',
    disabled      boolean NOT NULL DEFAULT false,
    failed_logins integer NOT NULL DEFAULT 0,
    locked_until  timestamptz,
    created_at    timestamptz,
    updated_at    timestamptz
);
-- Login names are unique among users: two `server user add` of one name,
-- from any number of processes, leave one user.
CREATE UNIQUE INDEX users_name_key ON users (name);

CREATE TABLE sessions (
    id         text PRIMARY KEY,
    user_id    text NOT NULL,
    csrf       text NOT NULL DEFAULT '',
    created_at timestamptz,
    expires_at timestamptz,
    revoked    boolean NOT NULL DEFAULT false
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE tokens (
    id         text PRIMARY KEY,
    user_id    text NOT NULL,
    name       text NOT NULL DEFAULT '',
    created_at timestamptz,
    revoked    boolean NOT NULL DEFAULT false
);
CREATE INDEX tokens_user ON tokens (user_id);

-- submissions holds the current version of each submission (the row the
-- version check updates); submission_versions keeps every version.
CREATE TABLE submissions (
    id          text PRIMARY KEY,
    version     integer NOT NULL,
    org_unit    text NOT NULL,
    period_year integer NOT NULL,
    period_from integer NOT NULL,
    period_to   integer NOT NULL,
    status      text NOT NULL,
    doc         jsonb NOT NULL
);
CREATE INDEX submissions_period ON submissions (period_year, period_to, org_unit);

CREATE TABLE submission_versions (
    id      text NOT NULL,
    version integer NOT NULL,
    doc     jsonb NOT NULL,
    PRIMARY KEY (id, version)
);

CREATE TABLE submission_events (
    seq           bigserial PRIMARY KEY,
    submission_id text NOT NULL,
    action        text NOT NULL,
    from_status   text NOT NULL DEFAULT '',
    to_status     text NOT NULL DEFAULT '',
    actor         text NOT NULL DEFAULT '',
    reason        text NOT NULL DEFAULT '',
    at            timestamptz NOT NULL
);
CREATE INDEX submission_events_submission ON submission_events (submission_id, at, seq);

CREATE TABLE audit_log (
    seq        bigserial PRIMARY KEY,
    at         timestamptz NOT NULL,
    actor      text NOT NULL DEFAULT '',
    role       text NOT NULL DEFAULT '',
    action     text NOT NULL,
    object     text NOT NULL DEFAULT '',
    old_value  text NOT NULL DEFAULT '',
    new_value  text NOT NULL DEFAULT '',
    ip         text NOT NULL DEFAULT '',
    request_id text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at, seq);

-- The outbox: an approval inserts the values to publish in the same
-- transaction as the approved version; publishers lease entries, write
-- them to the fact store and mark them published. One entry per version.
CREATE TABLE outbox (
    seq           bigserial PRIMARY KEY,
    submission_id text NOT NULL,
    version       integer NOT NULL,
    vals          jsonb NOT NULL,
    recorded_at   timestamptz NOT NULL,
    created_at    timestamptz NOT NULL,
    attempts      integer NOT NULL DEFAULT 0,
    last_error    text NOT NULL DEFAULT '',
    published_at  timestamptz,
    lease_owner   text,
    lease_until   timestamptz,
    UNIQUE (submission_id, version)
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE published_at IS NULL;
