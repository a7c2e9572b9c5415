-- Athanor appbox schema 10: a job may carry a key that makes its insertion idempotent.
-- The record-change relay keys each 'record-changed' job by '<sbas_id>:<outbox id>', so a relay that crashed between
-- queueing the jobs and deleting the databox's outbox rows queues none of them twice when it runs again.
-- Rows without a key (NULL) are not constrained: NULLs never collide in a unique index on H2, PostgreSQL and MariaDB.
ALTER TABLE jobs ADD COLUMN dedup_key VARCHAR(128);
CREATE UNIQUE INDEX uq_jobs_dedup_key ON jobs (dedup_key);
