-- Appbox schema 2: the lazaret, documents held back at ingest because they failed a border check.
-- One file for H2, PostgreSQL and MariaDB, with the placeholders of V1 (id, datetime, text, table_options).

-- One quarantined document: the file is kept under main.storage.lazaret as stored_file; checks lists the failed
-- checks, one per line ("Checker\Sha256: same sha256 as record 12"). (Phraseanet: LazaretFiles, LazaretChecks)
CREATE TABLE lazaret_files (
    id            BIGINT ${id},
    base_id       INT           NOT NULL,
    original_name VARCHAR(255)  NOT NULL,
    stored_file   VARCHAR(255)  NOT NULL,
    sha256        CHAR(64)      NOT NULL,
    uuid          CHAR(36),
    mime          VARCHAR(128),
    size          BIGINT        NOT NULL,
    status        BIGINT        NOT NULL DEFAULT 0,
    checks        ${text}       NOT NULL,
    user_id       BIGINT,
    created_at    ${datetime}   NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_lazaret_files_collections FOREIGN KEY (base_id) REFERENCES collections (base_id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_lazaret_files_base_id ON lazaret_files (base_id);
