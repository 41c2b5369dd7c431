-- 消息推送: subscriptions, the outbox of notices, every delivery attempt,
-- and the state of the rules that decide what is new since the last notice.

CREATE TABLE subscriptions (
    id         text PRIMARY KEY,
    user_id    text NOT NULL,
    user_name  text NOT NULL DEFAULT '',
    org_unit   text NOT NULL DEFAULT '',
    event      text NOT NULL,
    channel    text NOT NULL,
    address    text NOT NULL,
    secret     text NOT NULL DEFAULT '',
    is_group   boolean NOT NULL DEFAULT false,
    digest     boolean NOT NULL DEFAULT false,
    token      text NOT NULL,
    created_at timestamptz NOT NULL
);
-- One subscription per user, event, channel and address.
CREATE UNIQUE INDEX subscriptions_unique ON subscriptions (user_id, event, channel, address);
CREATE UNIQUE INDEX subscriptions_token ON subscriptions (token);

-- notices is the outbox: a rule run inserts its notices (the key makes a
-- second insert of the same notice a no-op) and deliverers lease them.
CREATE TABLE notices (
    seq             bigserial PRIMARY KEY,
    key             text NOT NULL UNIQUE,
    subscription_id text NOT NULL,
    event           text NOT NULL,
    channel         text NOT NULL,
    address         text NOT NULL,
    secret          text NOT NULL DEFAULT '',
    subject         text NOT NULL DEFAULT '',
    body            text NOT NULL DEFAULT '',
    attachment_name text NOT NULL DEFAULT '',
    attachment      bytea,
    created_at      timestamptz NOT NULL,
    next_attempt    timestamptz NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text NOT NULL DEFAULT '',
    delivered_at    timestamptz,
    failed_at       timestamptz,
    lease_owner     text,
    lease_until     timestamptz
);
CREATE INDEX notices_pending ON notices (next_attempt, seq) WHERE delivered_at IS NULL AND failed_at IS NULL;

CREATE TABLE notice_attempts (
    seq        bigserial PRIMARY KEY,
    notice_seq bigint NOT NULL,
    at         timestamptz NOT NULL,
    owner      text NOT NULL DEFAULT '',
    ok         boolean NOT NULL,
    error      text NOT NULL DEFAULT ''
);
CREATE INDEX notice_attempts_notice ON notice_attempts (notice_seq, seq);

CREATE TABLE notify_state (
    key   text PRIMARY KEY,
    value text NOT NULL
);
