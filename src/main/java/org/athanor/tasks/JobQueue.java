package org.athanor.tasks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The appbox queue of work items ({@code jobs}), shared by every scheduler of an installation.
 *
 * <p>A worker claims jobs with {@code SELECT … FOR UPDATE SKIP LOCKED} (PostgreSQL, MariaDB 10.6+ and H2 2.x all
 * support it), so two workers never claim the same row; a claim holds a lease that the worker extends with
 * {@link #heartbeat}. A job whose lease ran out (its worker crashed or was killed) is claimed again; a job handed back
 * with {@link #release} is queued again untouched. Only the lease owner may complete, release or fail a job, so a
 * worker that lost its lease cannot overwrite the work of the next one.
 */
public final class JobQueue {
    /** Job type: make the subdefinitions of a record. */
    public static final String SUBDEFS = "subdefs";
    /** Job type: write the caption of a record into its document. */
    public static final String WRITE_METADATA = "write-metadata";
    /**
     * Job type: a record changed (created, caption, status, collection, story members, deleted); queued by
     * {@link RecordChangeRelay} from the databox's outbox, one job per change event. Read what changed with
     * {@link RecordChanged#of(Job)}. Consumers (the search index) claim these jobs like any other type.
     */
    public static final String RECORD_CHANGED = "record-changed";
    /** Claims of one job before it is marked failed. */
    public static final int MAX_ATTEMPTS = 5;
    /** How long done jobs are kept (for inspection) before a pass of their task deletes them. */
    public static final Duration KEEP_DONE = Duration.ofDays(7);
    /** Lease of a claim unless told otherwise. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);

    private final Jdbi appbox;
    private final Duration lease;
    private final Clock clock;

    /** A queue with the {@link #DEFAULT_LEASE}, telling time by the system clock (UTC). */
    public JobQueue(Jdbi appbox) {
        this(appbox, DEFAULT_LEASE, Clock.systemUTC());
    }

    /** A queue with the {@link #DEFAULT_LEASE}, telling time by {@code clock}. */
    public JobQueue(Jdbi appbox, Clock clock) {
        this(appbox, DEFAULT_LEASE, clock);
    }

    /** A queue whose claims last {@code lease} unless extended by a heartbeat, telling time by {@code clock}. */
    public JobQueue(Jdbi appbox, Duration lease, Clock clock) {
        this.appbox = Objects.requireNonNull(appbox);
        if (lease.isNegative() || lease.isZero()) throw new IllegalArgumentException("lease must be positive, found " + lease);
        this.lease = lease;
        this.clock = Objects.requireNonNull(clock);
    }

    /** How long a claim lasts without heartbeat. */
    public Duration lease() {
        return lease;
    }

    /** Queue one job unless the same work is already queued or running; return true when a row was added. */
    public boolean enqueue(String jobType, DataboxId databox, RecordId record) {
        return enqueueAll(jobType, databox, List.of(record)) == 1;
    }

    /**
     * Queue a job for each record that has none queued, running or failed of this type; return how many were added.
     * A record whose job failed is not queued again until {@link #retryFailed} puts the failed job back.
     */
    public int enqueueAll(String jobType, DataboxId databox, Collection<RecordId> records) {
        if (records.isEmpty()) return 0;
        return appbox.inTransaction(h -> {
            Set<Long> pending = new HashSet<>(h.createQuery("""
                    SELECT record_id FROM jobs WHERE job_type = :type AND sbas_id = :sbas AND state IN ('queued', 'running', 'failed')""")
                    .bind("type", jobType).bind("sbas", databox.value()).mapTo(Long.class).list());
            Instant now = clock.instant();
            var batch = h.prepareBatch("""
                    INSERT INTO jobs (job_type, sbas_id, record_id, state, attempts, created_at, updated_at)
                    VALUES (:type, :sbas, :record, 'queued', 0, :now, :now)""");
            int added = 0;
            for (RecordId r : records) {
                if (!pending.add(r.value())) continue;
                batch.bind("type", jobType).bind("sbas", databox.value()).bind("record", r.value()).bind("now", now).add();
                added++;
            }
            if (added > 0) batch.execute();
            return added;
        });
    }

    /**
     * Claim up to {@code max} jobs of a type for {@code owner}: queued ones, and running ones whose lease expired.
     * Rows another worker is claiming at the same moment are skipped, never waited for.
     */
    public List<Job> claim(String jobType, String owner, int max) {
        if (max < 1) throw new IllegalArgumentException("max must be 1 or more, found " + max);
        return appbox.inTransaction(h -> {
            Instant now = clock.instant();
            List<Job> candidates = h.createQuery("""
                    SELECT id, job_type, sbas_id, record_id, attempts, payload FROM jobs
                    WHERE job_type = :type AND (state = 'queued' OR (state = 'running' AND lease_until < :now))
                    ORDER BY id LIMIT :max FOR UPDATE SKIP LOCKED""")
                    .bind("type", jobType).bind("now", now).bind("max", max)
                    .map((rs, ctx) -> new Job(rs.getLong(1), rs.getString(2), new DataboxId(rs.getInt(3)),
                            new RecordId(rs.getLong(4)), rs.getInt(5) + 1, rs.getString(6)))
                    .list();
            List<Job> claimed = new ArrayList<>();
            for (Job j : candidates) {
                if (j.attempts() > MAX_ATTEMPTS) {
                    h.createUpdate("""
                            UPDATE jobs SET state = 'failed', lease_owner = NULL, lease_until = NULL, updated_at = :now,
                            last_error = :error WHERE id = :id""")
                            .bind("now", now).bind("id", j.id())
                            .bind("error", "claimed " + MAX_ATTEMPTS + " times without finishing: the workers holding it kept dying")
                            .execute();
                    continue;
                }
                h.createUpdate("""
                        UPDATE jobs SET state = 'running', attempts = :attempts, lease_owner = :owner, lease_until = :until,
                        updated_at = :now WHERE id = :id""")
                        .bind("attempts", j.attempts()).bind("owner", owner).bind("until", now.plus(lease))
                        .bind("now", now).bind("id", j.id()).execute();
                claimed.add(j);
            }
            return claimed;
        });
    }

    /** Extend the lease of every job {@code owner} holds; return how many. */
    public int heartbeat(String owner) {
        Instant now = clock.instant();
        return appbox.withHandle(h -> h.createUpdate("""
                UPDATE jobs SET lease_until = :until, updated_at = :now WHERE lease_owner = :owner AND state = 'running'""")
                .bind("until", now.plus(lease)).bind("now", now).bind("owner", owner).execute());
    }

    /** Mark a job done; return false when {@code owner} no longer holds it (its lease expired and it was claimed again). */
    public boolean complete(Job job, String owner) {
        return finish(job, owner, "done", null);
    }

    /** Hand a job back to the queue untouched; return false when {@code owner} no longer holds it. */
    public boolean release(Job job, String owner) {
        return appbox.withHandle(h -> h.createUpdate("""
                UPDATE jobs SET state = 'queued', attempts = attempts - 1, lease_owner = NULL, lease_until = NULL, updated_at = :now
                WHERE id = :id AND lease_owner = :owner AND state = 'running'""")
                .bind("now", clock.instant()).bind("id", job.id()).bind("owner", owner).execute()) == 1;
    }

    /** Mark a job failed with the error that stopped it; return false when {@code owner} no longer holds it. */
    public boolean fail(Job job, String owner, String error) {
        return finish(job, owner, "failed", error);
    }

    /** Hand back to the queue every job held by {@code owner} (a task past its stop deadline); return how many. */
    public int releaseAll(String owner) {
        return appbox.withHandle(h -> h.createUpdate("""
                UPDATE jobs SET state = 'queued', attempts = attempts - 1, lease_owner = NULL, lease_until = NULL, updated_at = :now
                WHERE lease_owner = :owner AND state = 'running'""")
                .bind("now", clock.instant()).bind("owner", owner).execute());
    }

    /** The distinct owners of running jobs whose owner starts with {@code ownerPrefix}. */
    public List<String> runningOwners(String ownerPrefix) {
        return appbox.withHandle(h -> h.createQuery("SELECT DISTINCT lease_owner FROM jobs WHERE state = 'running' AND lease_owner LIKE :prefix")
                .bind("prefix", escape(ownerPrefix) + "%").mapTo(String.class).list());
    }

    /**
     * Hand back every running job whose owner starts with {@code ownerPrefix}: a scheduler starting on a host frees
     * the jobs of a scheduler that ran there before and died. Return how many.
     */
    public int releaseOwnedBy(String ownerPrefix) {
        return appbox.withHandle(h -> h.createUpdate("""
                UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL, updated_at = :now
                WHERE state = 'running' AND lease_owner LIKE :prefix""")
                .bind("now", clock.instant()).bind("prefix", escape(ownerPrefix) + "%").execute());
    }

    /** Delete the done jobs of a type older than {@link #KEEP_DONE} by this queue's clock; return how many. */
    public int purgeDone(String jobType) {
        return purgeDone(jobType, clock.instant().minus(KEEP_DONE));
    }

    /** One job to queue once: {@code key} identifies it among every job ever queued with a key. */
    public record Keyed(String key, DataboxId databox, RecordId record, String payload) {}

    /**
     * Queue a {@code jobType} job for each entry whose key no job carries yet, in one transaction; return how many
     * were added. Queueing the same keys again (a relay rerun after a crash) adds nothing: the key is unique in
     * {@code jobs.dedup_key}, so two callers racing on one key make the second fail and roll back, to retry later.
     */
    public int enqueueKeyed(String jobType, List<Keyed> jobs) {
        if (jobs.isEmpty()) return 0;
        return appbox.inTransaction(h -> {
            Set<String> known = new HashSet<>(h.createQuery("SELECT dedup_key FROM jobs WHERE dedup_key IN (<keys>)")
                    .bindList("keys", jobs.stream().map(Keyed::key).toList()).mapTo(String.class).list());
            Instant now = clock.instant();
            var batch = h.prepareBatch("""
                    INSERT INTO jobs (job_type, sbas_id, record_id, payload, state, attempts, dedup_key, created_at, updated_at)
                    VALUES (:type, :sbas, :record, :payload, 'queued', 0, :key, :now, :now)""");
            int added = 0;
            for (Keyed j : jobs) {
                if (!known.add(j.key())) continue;
                batch.bind("type", jobType).bind("sbas", j.databox().value()).bind("record", j.record().value())
                        .bind("payload", j.payload()).bind("key", j.key()).bind("now", now).add();
                added++;
            }
            if (added > 0) batch.execute();
            return added;
        });
    }

    /** Delete the done jobs of a type last touched before {@code before}; return how many. */
    public int purgeDone(String jobType, Instant before) {
        return appbox.withHandle(h -> h.createUpdate("DELETE FROM jobs WHERE job_type = :type AND state = 'done' AND updated_at < :before")
                .bind("type", jobType).bind("before", before).execute());
    }

    /** Queue again every failed job of a type, with its attempts reset; return how many. */
    public int retryFailed(String jobType) {
        return appbox.withHandle(h -> h.createUpdate("""
                UPDATE jobs SET state = 'queued', attempts = 0, updated_at = :now WHERE job_type = :type AND state = 'failed'""")
                .bind("now", clock.instant()).bind("type", jobType).execute());
    }

    /** Count the failed jobs (waiting for {@link #retryFailed}) by job type; types without any are absent. */
    public Map<String, Long> failedByType() {
        Map<String, Long> counts = new LinkedHashMap<>();
        appbox.useHandle(h -> h.createQuery("SELECT job_type, COUNT(*) FROM jobs WHERE state = 'failed' GROUP BY job_type ORDER BY job_type")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
        return counts;
    }

    /** A failed job of one record: its type, attempts and error. */
    public record Failure(String jobType, int attempts, String error, Instant at) {}

    /** The failed jobs of one record, newest first. */
    public List<Failure> failuresOf(DataboxId databox, RecordId record) {
        return appbox.withHandle(h -> h.createQuery("""
                SELECT job_type, attempts, last_error, updated_at FROM jobs
                WHERE sbas_id = :sbas AND record_id = :record AND state = 'failed' ORDER BY updated_at DESC, id DESC""")
                .bind("sbas", databox.value()).bind("record", record.value())
                .map((rs, ctx) -> new Failure(rs.getString(1), rs.getInt(2), rs.getString(3),
                        org.athanor.db.Timestamps.instant(rs, "updated_at")))
                .list());
    }

    /** Count jobs of every type by state (every state present, zero included); the admin dashboard shows the queued ones. */
    public Map<JobState, Long> counts() {
        Map<JobState, Long> counts = new LinkedHashMap<>();
        for (JobState s : JobState.values()) counts.put(s, 0L);
        appbox.useHandle(h -> h.createQuery("SELECT state, COUNT(*) FROM jobs GROUP BY state")
                .map((rs, ctx) -> Map.entry(JobState.of(rs.getString(1)), rs.getLong(2)))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
        return counts;
    }

    /** Count jobs of a type by state (every state present, zero included). */
    public Map<JobState, Long> counts(String jobType) {
        Map<JobState, Long> counts = new LinkedHashMap<>();
        for (JobState s : JobState.values()) counts.put(s, 0L);
        appbox.useHandle(h -> h.createQuery("SELECT state, COUNT(*) FROM jobs WHERE job_type = :type GROUP BY state")
                .bind("type", jobType)
                .map((rs, ctx) -> Map.entry(JobState.of(rs.getString(1)), rs.getLong(2)))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
        return counts;
    }

    /** The states of the jobs of one record, oldest first. */
    public List<JobState> statesOf(String jobType, DataboxId databox, RecordId record) {
        return appbox.withHandle(h -> h.createQuery("""
                SELECT state FROM jobs WHERE job_type = :type AND sbas_id = :sbas AND record_id = :record ORDER BY id""")
                .bind("type", jobType).bind("sbas", databox.value()).bind("record", record.value())
                .map((rs, ctx) -> JobState.of(rs.getString(1))).list());
    }

    private boolean finish(Job job, String owner, String state, String error) {
        return appbox.withHandle(h -> finish(h, job, owner, state, error));
    }

    private boolean finish(Handle h, Job job, String owner, String state, String error) {
        return h.createUpdate("""
                UPDATE jobs SET state = :state, lease_owner = NULL, lease_until = NULL, last_error = :error, updated_at = :now
                WHERE id = :id AND lease_owner = :owner AND state = 'running'""")
                .bind("state", state).bind("error", error).bind("now", clock.instant()).bind("id", job.id()).bind("owner", owner)
                .execute() == 1;
    }

    private static String escape(String like) {
        return like.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
