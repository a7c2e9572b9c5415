-- Appbox schema 1: users, rights per collection and per databox, the databox registry, sessions, tasks, the job queue.
-- One file for H2, PostgreSQL and MariaDB; placeholders (set by org.athanor.db.SchemaMigrator) carry the differences:
--   id = identity column, datetime = timestamp without zone holding UTC, text = long text, table_options = MariaDB storage.
-- Column names avoid words reserved by any of the three engines (value, key, user, order, range, separator...).

-- Facts about the installation: 'version' (installed Athanor version), 'installed_at', 'codename'. (Phraseanet: sitepreff)
CREATE TABLE app_info (
    info_key   VARCHAR(64)   NOT NULL,
    info_value VARCHAR(1024),
    PRIMARY KEY (info_key)
) ${table_options};

-- People and templates of rights. (Phraseanet: usr)
CREATE TABLE users (
    id              BIGINT ${id},
    login           VARCHAR(128) NOT NULL,
    email           VARCHAR(255),
    password_hash   VARCHAR(255),
    is_admin        BOOLEAN      NOT NULL DEFAULT FALSE,
    locale          VARCHAR(8),
    is_template     BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at      ${datetime}  NOT NULL,
    last_connection ${datetime}  NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_users_login UNIQUE (login)
) ${table_options};

-- The databox registry: where each databox lives. (Phraseanet: sbas)
CREATE TABLE databoxes (
    sbas_id     INT ${id},
    name        VARCHAR(64)   NOT NULL,
    engine      VARCHAR(16)   NOT NULL,
    host        VARCHAR(255),
    port        INT,
    db_user     VARCHAR(128),
    db_password VARCHAR(255),
    dbname      VARCHAR(64),
    h2_path     VARCHAR(1024),
    ord         INT           NOT NULL DEFAULT 0,
    created_at  ${datetime}   NOT NULL,
    PRIMARY KEY (sbas_id),
    CONSTRAINT uq_databoxes_name UNIQUE (name)
) ${table_options};

-- Collections as the application sees them: base_id is unique across databoxes. (Phraseanet: bas)
CREATE TABLE collections (
    base_id INT ${id},
    sbas_id INT     NOT NULL,
    coll_id INT     NOT NULL,
    active  BOOLEAN NOT NULL DEFAULT TRUE,
    ord     INT     NOT NULL DEFAULT 0,
    PRIMARY KEY (base_id),
    CONSTRAINT uq_collections_sbas_coll UNIQUE (sbas_id, coll_id),
    CONSTRAINT fk_collections_databoxes FOREIGN KEY (sbas_id) REFERENCES databoxes (sbas_id)
) ${table_options};

-- Rights of a user on a collection; mask_and/mask_xor filter the records by status bits. (Phraseanet: basusr)
CREATE TABLE collection_rights (
    user_id         BIGINT  NOT NULL,
    base_id         INT     NOT NULL,
    access          BOOLEAN NOT NULL DEFAULT FALSE,
    canputinalbum   BOOLEAN NOT NULL DEFAULT FALSE,
    candwnldhd      BOOLEAN NOT NULL DEFAULT FALSE,
    candwnldpreview BOOLEAN NOT NULL DEFAULT FALSE,
    cancmd          BOOLEAN NOT NULL DEFAULT FALSE,
    canadmin        BOOLEAN NOT NULL DEFAULT FALSE,
    canreport       BOOLEAN NOT NULL DEFAULT FALSE,
    canpush         BOOLEAN NOT NULL DEFAULT FALSE,
    canaddrecord    BOOLEAN NOT NULL DEFAULT FALSE,
    canmodifrecord  BOOLEAN NOT NULL DEFAULT FALSE,
    candeleterecord BOOLEAN NOT NULL DEFAULT FALSE,
    chgstatus       BOOLEAN NOT NULL DEFAULT FALSE,
    imgtools        BOOLEAN NOT NULL DEFAULT FALSE,
    manage          BOOLEAN NOT NULL DEFAULT FALSE,
    modify_struct   BOOLEAN NOT NULL DEFAULT FALSE,
    nowatermark     BOOLEAN NOT NULL DEFAULT FALSE,
    order_master    BOOLEAN NOT NULL DEFAULT FALSE,
    mask_and        BIGINT  NOT NULL DEFAULT 0,
    mask_xor        BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, base_id),
    CONSTRAINT fk_collection_rights_users FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_collection_rights_collections FOREIGN KEY (base_id) REFERENCES collections (base_id) ON DELETE CASCADE
) ${table_options};

-- Rights of a user on a whole databox. (Phraseanet: sbasusr)
CREATE TABLE databox_rights (
    user_id           BIGINT  NOT NULL,
    sbas_id           INT     NOT NULL,
    bas_manage        BOOLEAN NOT NULL DEFAULT FALSE,
    bas_modify_struct BOOLEAN NOT NULL DEFAULT FALSE,
    bas_modif_th      BOOLEAN NOT NULL DEFAULT FALSE,
    bas_chupub        BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (user_id, sbas_id),
    CONSTRAINT fk_databox_rights_users FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_databox_rights_databoxes FOREIGN KEY (sbas_id) REFERENCES databoxes (sbas_id) ON DELETE CASCADE
) ${table_options};

-- Web sessions; id is the SHA-256 (hex) of the cookie token, never the token itself.
CREATE TABLE sessions (
    id         VARCHAR(64)  NOT NULL,
    user_id    BIGINT       NOT NULL,
    ip         VARCHAR(64),
    user_agent VARCHAR(512),
    module     VARCHAR(32),
    created_at ${datetime}  NOT NULL,
    last_seen  ${datetime}  NOT NULL,
    expires_at ${datetime}  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_sessions_users FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_sessions_user_id ON sessions (user_id);

-- Tasks of the task manager: desired (configured_status) and actual state, heartbeat of the process running it.
CREATE TABLE tasks (
    id                INT ${id},
    name              VARCHAR(128) NOT NULL,
    job_type          VARCHAR(64)  NOT NULL,
    settings          ${text},
    period_seconds    INT          NOT NULL DEFAULT 10,
    configured_status VARCHAR(16)  NOT NULL DEFAULT 'stopped',
    actual_status     VARCHAR(16)  NOT NULL DEFAULT 'stopped',
    host              VARCHAR(255),
    pid               BIGINT,
    heartbeat         ${datetime}  NULL,
    last_run          ${datetime}  NULL,
    last_error        ${text},
    crash_count       INT          NOT NULL DEFAULT 0,
    progress_done     BIGINT,
    progress_total    BIGINT,
    created_at        ${datetime}  NOT NULL,
    PRIMARY KEY (id)
) ${table_options};

-- The scheduler's desired and actual state: a single row, id 1.
CREATE TABLE scheduler_state (
    id                INT          NOT NULL,
    configured_status VARCHAR(16)  NOT NULL,
    actual_status     VARCHAR(16)  NOT NULL,
    host              VARCHAR(255),
    pid               BIGINT,
    heartbeat         ${datetime}  NULL,
    paused            BOOLEAN      NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id)
) ${table_options};
INSERT INTO scheduler_state (id, configured_status, actual_status, paused) VALUES (1, 'stopped', 'stopped', FALSE);

-- The job queue: items of work claimed with row locks and a lease (state: queued, running, done, failed).
CREATE TABLE jobs (
    id          BIGINT ${id},
    job_type    VARCHAR(64)  NOT NULL,
    sbas_id     INT,
    record_id   BIGINT,
    payload     ${text},
    state       VARCHAR(16)  NOT NULL,
    attempts    INT          NOT NULL DEFAULT 0,
    lease_owner VARCHAR(255),
    lease_until ${datetime}  NULL,
    last_error  ${text},
    created_at  ${datetime}  NOT NULL,
    updated_at  ${datetime}  NOT NULL,
    PRIMARY KEY (id)
) ${table_options};
CREATE INDEX ix_jobs_state_job_type ON jobs (state, job_type);
CREATE INDEX ix_jobs_sbas_record ON jobs (sbas_id, record_id);
