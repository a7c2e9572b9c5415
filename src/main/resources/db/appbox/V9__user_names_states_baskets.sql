-- Appbox schema 9: people's names and account states, baskets and their elements (all three engines; see V1 for the
-- placeholders). Filled by the import of Phraseanet 3.8.8 (usr, Baskets, BasketElements) and by later features.

-- Names and company as Phraseanet kept them (usr_prenom, usr_nom, societe); locked = the account may not sign in
-- (Phraseanet: mail_locked, an e-mail never confirmed); deleted = removed by an administrator, kept for history
-- (Phraseanet: login renamed '(#deleted_...'); template_owner = the user who made this template (Phraseanet: model_of).
ALTER TABLE users ADD COLUMN first_name VARCHAR(128);
ALTER TABLE users ADD COLUMN last_name VARCHAR(128);
ALTER TABLE users ADD COLUMN company VARCHAR(128);
ALTER TABLE users ADD COLUMN locked BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN template_owner BIGINT;

-- A user's basket of records (from any databox); pusher_id = who pushed it to the user, if someone did.
-- (Phraseanet: Baskets)
CREATE TABLE baskets (
    id          BIGINT ${id},
    user_id     BIGINT       NOT NULL,
    name        VARCHAR(128) NOT NULL,
    description ${text},
    is_read     BOOLEAN      NOT NULL DEFAULT FALSE,
    pusher_id   BIGINT,
    archived    BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at  ${datetime}  NOT NULL,
    updated_at  ${datetime}  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_baskets_users FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_baskets_user_id ON baskets (user_id);

-- The records of a basket, in order. (Phraseanet: BasketElements)
CREATE TABLE basket_elements (
    id         BIGINT ${id},
    basket_id  BIGINT      NOT NULL,
    sbas_id    INT         NOT NULL,
    record_id  BIGINT      NOT NULL,
    ord        INT         NOT NULL DEFAULT 0,
    created_at ${datetime} NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_basket_elements_record UNIQUE (basket_id, sbas_id, record_id),
    CONSTRAINT fk_basket_elements_baskets FOREIGN KEY (basket_id) REFERENCES baskets (id) ON DELETE CASCADE
) ${table_options};
