-- Athanor databox schema 2.
-- records.sha256 is the checksum of the stored original as it is now (write-metadata rewrites the file and updates it);
-- original_sha256 is the checksum of the file as it was added, the fingerprint the duplicate check and the lazaret
-- compare a new file with.
ALTER TABLE records ADD COLUMN original_sha256 CHAR(64);
UPDATE records SET original_sha256 = sha256;
CREATE INDEX ix_records_original_sha256 ON records (original_sha256);

-- The row every ingest locks (SELECT ... FOR UPDATE) around its duplicate checks and its insert, so that two
-- processes adding the same file at once cannot both find no duplicate.
INSERT INTO databox_info (info_key, info_value) VALUES ('ingest_lock', 'locked by each ingest around its duplicate check and insert');
