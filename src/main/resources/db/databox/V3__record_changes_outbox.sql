-- Athanor databox schema 3: the outbox of record changes.
-- org.athanor.databox.Records writes one row per record changed, in the transaction of the change (a rolled-back change
-- leaves no row); org.athanor.tasks.RecordChangeRelay moves the rows to the appbox queue as 'record-changed' jobs and
-- deletes them. changes lists what changed, comma-separated in a fixed order: CREATED, CAPTION, STATUS, COLLECTION,
-- STORY, DELETED (see org.athanor.databox.RecordChange).
CREATE TABLE record_changes (
    id         BIGINT ${id},
    record_id  BIGINT        NOT NULL,
    changes    VARCHAR(128)  NOT NULL,
    created_at ${datetime}   NOT NULL,
    PRIMARY KEY (id)
) ${table_options};
