-- Appbox schema 6: which release last wrote each box, and the bookkeeping of bin/setup system:upgrade.
-- upgrade_lock and upgrade_checkpoints are created by the upgrade engine itself before it migrates the schema
-- (org.athanor.setup.upgrade.UpgradeTables, same DDL): IF NOT EXISTS keeps both paths to the same tables, and makes
-- this migration re-runnable after a crash on H2 and MariaDB, whose DDL is not transactional.

-- The release that last wrote each box and its schema version: box_kind 'appbox' (sbas_id 0) or 'databox'.
CREATE TABLE IF NOT EXISTS box_releases (
    box_kind        VARCHAR(16)  NOT NULL,
    sbas_id         INT          NOT NULL,
    release_version VARCHAR(64)  NOT NULL,
    schema_version  VARCHAR(32)  NOT NULL,
    written_at      ${datetime}  NOT NULL,
    PRIMARY KEY (box_kind, sbas_id)
) ${table_options};

-- At most one system:upgrade at a time (row id 1): who runs it and its last heartbeat.
CREATE TABLE IF NOT EXISTS upgrade_lock (
    id           INT          NOT NULL,
    host         VARCHAR(255) NOT NULL,
    pid          BIGINT       NOT NULL,
    from_release VARCHAR(64)  NOT NULL,
    to_release   VARCHAR(64)  NOT NULL,
    started_at   ${datetime}  NOT NULL,
    heartbeat_at ${datetime}  NOT NULL,
    PRIMARY KEY (id)
) ${table_options};

-- Checkpoints of an upgrade in progress: the release it started from, the last key each data migration finished.
CREATE TABLE IF NOT EXISTS upgrade_checkpoints (
    name             VARCHAR(191) NOT NULL,
    checkpoint_value VARCHAR(1024),
    updated_at       ${datetime}  NOT NULL,
    PRIMARY KEY (name)
) ${table_options};
