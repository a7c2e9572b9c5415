-- Databox schema 1: structure (fields, subdefinitions, status bits), collections, records, captions, stories,
-- subdefinition files, technical data and the record log.
-- One file for H2, PostgreSQL and MariaDB; placeholders (set by org.athanor.db.SchemaMigrator) carry the differences:
--   id = identity column, datetime = timestamp without zone holding UTC, text = long text, table_options = MariaDB storage.
-- Column names avoid words reserved by any of the three engines (value, key, user, order, range, separator...).

-- Facts about the databox: 'name', 'template', 'created_at'. (Phraseanet: pref)
CREATE TABLE databox_info (
    info_key   VARCHAR(64)   NOT NULL,
    info_value VARCHAR(1024),
    PRIMARY KEY (info_key)
) ${table_options};

-- Description fields. (Phraseanet: the <description> of the structure XML)
CREATE TABLE structure_fields (
    id              INT ${id},
    name            VARCHAR(64)  NOT NULL,
    src             VARCHAR(128) NOT NULL DEFAULT '',
    field_type      VARCHAR(16)  NOT NULL DEFAULT 'string',
    multi           BOOLEAN      NOT NULL DEFAULT FALSE,
    readonly        BOOLEAN      NOT NULL DEFAULT FALSE,
    required        BOOLEAN      NOT NULL DEFAULT FALSE,
    business        BOOLEAN      NOT NULL DEFAULT FALSE,
    indexable       BOOLEAN      NOT NULL DEFAULT TRUE,
    aggregable      INT          NOT NULL DEFAULT 0,
    thumbtitle      VARCHAR(64),
    field_separator VARCHAR(16)  NOT NULL DEFAULT ';',
    tbranch         VARCHAR(255),
    dces_element    VARCHAR(32),
    label_en        VARCHAR(255),
    label_fr        VARCHAR(255),
    label_de        VARCHAR(255),
    label_nl        VARCHAR(255),
    position        INT          NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    CONSTRAINT uq_structure_fields_name UNIQUE (name)
) ${table_options};

-- Subdefinition specifications per media group (image, video, audio, document, flash);
-- options holds the other settings as a JSON object (bitrate, acodec...).
CREATE TABLE structure_subdefs (
    id           INT ${id},
    type_group   VARCHAR(16)  NOT NULL,
    name         VARCHAR(64)  NOT NULL,
    subdef_class VARCHAR(16)  NOT NULL,
    mediatype    VARCHAR(16)  NOT NULL,
    downloadable BOOLEAN      NOT NULL DEFAULT FALSE,
    size         INT,
    quality      INT,
    dpi          INT,
    strip        BOOLEAN,
    meta         BOOLEAN,
    method       VARCHAR(32),
    devices      VARCHAR(255),
    options      ${text},
    label_en     VARCHAR(255),
    label_fr     VARCHAR(255),
    label_de     VARCHAR(255),
    label_nl     VARCHAR(255),
    PRIMARY KEY (id),
    CONSTRAINT uq_structure_subdefs_group_name UNIQUE (type_group, name)
) ${table_options};

-- Status bits 4..31 (0..3 are Phraseanet's own).
CREATE TABLE structure_status_bits (
    bit        INT          NOT NULL,
    label_on   VARCHAR(255),
    label_off  VARCHAR(255),
    label_en   VARCHAR(255),
    label_fr   VARCHAR(255),
    label_de   VARCHAR(255),
    label_nl   VARCHAR(255),
    searchable BOOLEAN      NOT NULL DEFAULT TRUE,
    printable  BOOLEAN      NOT NULL DEFAULT TRUE,
    PRIMARY KEY (bit)
) ${table_options};

-- Collections of this databox. (Phraseanet: coll)
CREATE TABLE collections (
    coll_id    INT ${id},
    name       VARCHAR(128) NOT NULL,
    label_en   VARCHAR(255),
    label_fr   VARCHAR(255),
    label_de   VARCHAR(255),
    label_nl   VARCHAR(255),
    created_at ${datetime}  NOT NULL,
    PRIMARY KEY (coll_id),
    CONSTRAINT uq_collections_name UNIQUE (name)
) ${table_options};

-- Records and stories (is_story). record_type: image, video, audio, document, flash, unknown. (Phraseanet: record)
CREATE TABLE records (
    record_id        BIGINT ${id},
    coll_id          INT          NOT NULL,
    record_type      VARCHAR(16)  NOT NULL,
    mime             VARCHAR(128),
    sha256           CHAR(64),
    uuid             CHAR(36),
    original_name    VARCHAR(255),
    status           BIGINT       NOT NULL DEFAULT 0,
    subdefs_pending  BOOLEAN      NOT NULL DEFAULT FALSE,
    metadata_pending BOOLEAN      NOT NULL DEFAULT FALSE,
    subdefs_error    ${text},
    is_story         BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at       ${datetime}  NOT NULL,
    modified_at      ${datetime}  NOT NULL,
    PRIMARY KEY (record_id),
    CONSTRAINT fk_records_collections FOREIGN KEY (coll_id) REFERENCES collections (coll_id)
) ${table_options};
CREATE INDEX ix_records_coll_id ON records (coll_id);
CREATE INDEX ix_records_sha256 ON records (sha256);
CREATE INDEX ix_records_uuid ON records (uuid);
CREATE INDEX ix_records_subdefs_pending ON records (subdefs_pending);
CREATE INDEX ix_records_metadata_pending ON records (metadata_pending);

-- Caption values: one row per value, several for multi-valued fields (ord). (Phraseanet: metadatas)
CREATE TABLE record_captions (
    id            BIGINT ${id},
    record_id     BIGINT  NOT NULL,
    field_id      INT     NOT NULL,
    caption_value ${text} NOT NULL,
    ord           INT     NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    CONSTRAINT fk_record_captions_records FOREIGN KEY (record_id) REFERENCES records (record_id) ON DELETE CASCADE,
    CONSTRAINT fk_record_captions_fields FOREIGN KEY (field_id) REFERENCES structure_fields (id) ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_record_captions_record_id ON record_captions (record_id);

-- Records grouped in a story. (Phraseanet: regroup)
CREATE TABLE story_members (
    story_id  BIGINT NOT NULL,
    record_id BIGINT NOT NULL,
    ord       INT    NOT NULL DEFAULT 0,
    PRIMARY KEY (story_id, record_id),
    CONSTRAINT fk_story_members_story FOREIGN KEY (story_id) REFERENCES records (record_id) ON DELETE CASCADE,
    CONSTRAINT fk_story_members_record FOREIGN KEY (record_id) REFERENCES records (record_id) ON DELETE CASCADE
) ${table_options};

-- Files of a record: the original is the subdef named 'document'; path is a folder relative to the databox root.
-- (Phraseanet: subdef)
CREATE TABLE subdefs (
    record_id  BIGINT        NOT NULL,
    name       VARCHAR(64)   NOT NULL,
    path       VARCHAR(1024) NOT NULL,
    file       VARCHAR(255)  NOT NULL,
    size       BIGINT        NOT NULL,
    mime       VARCHAR(128),
    width      INT,
    height     INT,
    etag       VARCHAR(64),
    created_at ${datetime}   NOT NULL,
    PRIMARY KEY (record_id, name),
    CONSTRAINT fk_subdefs_records FOREIGN KEY (record_id) REFERENCES records (record_id) ON DELETE CASCADE
) ${table_options};

-- Technical data read from the document (width, duration, colorspace...). (Phraseanet: technical_datas)
CREATE TABLE technical_data (
    record_id  BIGINT        NOT NULL,
    name       VARCHAR(64)   NOT NULL,
    tech_value VARCHAR(1024),
    PRIMARY KEY (record_id, name),
    CONSTRAINT fk_technical_data_records FOREIGN KEY (record_id) REFERENCES records (record_id) ON DELETE CASCADE
) ${table_options};

-- What happened to each record; kept after the record is deleted. (Phraseanet: log_docs)
CREATE TABLE record_log (
    id         BIGINT ${id},
    record_id  BIGINT       NOT NULL,
    user_id    BIGINT,
    action     VARCHAR(32)  NOT NULL,
    details    ${text},
    created_at ${datetime}  NOT NULL,
    PRIMARY KEY (id)
) ${table_options};
CREATE INDEX ix_record_log_record_id ON record_log (record_id);
