-- A tamper-evident, append-only audit log (issue 24). Each entry carries the
-- hash of the one before it and its own (computed by the application over
-- every field, see store.AuditEntry.ChainHash); seq is set by the
-- application, one more than the last, under an advisory lock. Rows
-- written before this migration keep empty hashes and precede the chain.
ALTER TABLE audit_log ADD COLUMN prev_hash text NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash text NOT NULL DEFAULT '';

-- Pruning (retention) removes the oldest entries and first records here
-- the seq and hash of the last one removed, so the chain stays verifiable
-- from that anchor. Insert-only, like the log.
CREATE TABLE audit_anchor (
    seq       bigint PRIMARY KEY,
    hash      text NOT NULL,
    pruned_at timestamptz NOT NULL,
    removed   bigint NOT NULL
);

-- The application may own these tables (it created them), so revoking its
-- own rights does not bind it; these triggers do. An UPDATE is always
-- refused; a DELETE only for an entry already covered by an anchor and
-- older than 180 days (the 等保 minimum retention); TRUNCATE never.
-- Deployments that create the schema with a separate owner role should
-- also grant the application role only SELECT and INSERT (see README).
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND OLD.seq <= (SELECT coalesce(max(seq), 0) FROM audit_anchor)
       AND OLD.at < now() - interval '180 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = '42501';
END
$$;

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
END
$$;

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE PROCEDURE audit_log_guard();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE PROCEDURE audit_append_only();
CREATE TRIGGER audit_anchor_no_change BEFORE UPDATE OR DELETE ON audit_anchor
    FOR EACH ROW EXECUTE PROCEDURE audit_append_only();
CREATE TRIGGER audit_anchor_no_truncate BEFORE TRUNCATE ON audit_anchor
    FOR EACH STATEMENT EXECUTE PROCEDURE audit_append_only();

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_anchor FROM PUBLIC;
