-- Appbox schema 4: the running processes of the installation (server:run; the scheduler keeps its own row in
-- scheduler_state), so that work that must not run beside them (system:restore-db, system:upgrade) can refuse.
-- One file for H2, PostgreSQL and MariaDB (see V1 for the placeholders).

-- One row per running process: written at start, heartbeat every 10 s, removed on a graceful stop. A row whose
-- heartbeat is old is a process that died without saying so.
CREATE TABLE process_heartbeats (
    id         VARCHAR(36)  NOT NULL,
    kind       VARCHAR(16)  NOT NULL,
    host       VARCHAR(255) NOT NULL,
    pid        BIGINT       NOT NULL,
    version    VARCHAR(32)  NOT NULL,
    started_at ${datetime}  NOT NULL,
    heartbeat  ${datetime}  NOT NULL,
    PRIMARY KEY (id)
) ${table_options};
