-- Appbox schema 4: "remember me" tokens, failed logins (throttling), the log of administrators' actions.
-- One file for H2, PostgreSQL and MariaDB (see V1 for the placeholders).

-- "Remember me" tokens; id is the SHA-256 (hex) of the cookie token, never the token itself.
CREATE TABLE remember_tokens (
    id         VARCHAR(64)  NOT NULL,
    user_id    BIGINT       NOT NULL,
    created_at ${datetime}  NOT NULL,
    expires_at ${datetime}  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_remember_tokens_users FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_remember_tokens_user_id ON remember_tokens (user_id);

-- Failed login attempts, per login and IP; a success clears those of its login and IP.
CREATE TABLE login_failures (
    id        BIGINT ${id},
    login     VARCHAR(128) NOT NULL,
    ip        VARCHAR(64)  NOT NULL,
    failed_at ${datetime}  NOT NULL,
    PRIMARY KEY (id)
) ${table_options};
CREATE INDEX ix_login_failures_login ON login_failures (login, failed_at);
CREATE INDEX ix_login_failures_ip ON login_failures (ip, failed_at);

-- What administrators did from the admin console or the CLI, newest last.
CREATE TABLE admin_actions (
    id         BIGINT ${id},
    actor      VARCHAR(128) NOT NULL,
    action     VARCHAR(64)  NOT NULL,
    detail     VARCHAR(1024),
    ip         VARCHAR(64),
    created_at ${datetime}  NOT NULL,
    PRIMARY KEY (id)
) ${table_options};
CREATE INDEX ix_admin_actions_created_at ON admin_actions (created_at);
