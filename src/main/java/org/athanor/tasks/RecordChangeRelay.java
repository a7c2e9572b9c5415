package org.athanor.tasks;

import java.util.List;
import org.athanor.appbox.RegisteredDatabox;
import org.athanor.ids.DataboxId;
import org.athanor.databox.Databoxes;
import org.athanor.databox.Records;

/**
 * Moves the "record changed" events from each databox's outbox ({@code record_changes}, written by
 * {@link Records} in the transaction of each change) to the appbox queue as {@link JobQueue#RECORD_CHANGED} jobs.
 *
 * <p><b>Exactly once in effect.</b> A batch of outbox rows is locked in a databox transaction, queued as jobs in an
 * appbox transaction, then deleted and the databox transaction committed. Each job carries the key
 * {@code record-changed:<sbas_id>:<outbox id>} in {@code jobs.dedup_key} (unique): a relay that crashed after
 * queueing and before deleting finds the rows again on its next pass and queues none of them twice. Rows are never
 * deleted before their jobs are committed, so no event is lost. Two relays at once take disjoint rows
 * ({@code SKIP LOCKED}). Consumers may therefore count on one job per change; they should still re-read the record,
 * since several jobs may name the same record.
 *
 * <p><b>When it runs.</b> The wiring ({@code Athanor}) relays a databox right after each committed change
 * ({@link Records#onChangesCommitted}); when that fails (appbox unreachable), the rows wait in the outbox until the
 * next relay of that databox. A consumer of {@code record-changed} jobs therefore calls {@link #relayAll()} at the
 * start of each of its passes, so that no event waits for the next change.
 */
public final class RecordChangeRelay {
    /** Outbox rows moved per transaction. */
    public static final int BATCH = 500;

    private final Databoxes databoxes;
    private final Records records;
    private final JobQueue jobs;

    public RecordChangeRelay(Databoxes databoxes, Records records, JobQueue jobs) {
        this.databoxes = databoxes;
        this.records = records;
        this.jobs = jobs;
    }

    /** Relay every waiting event of every databox; return how many jobs were queued. */
    public int relayAll() {
        int queued = 0;
        for (RegisteredDatabox d : databoxes.list()) queued += relay(d.id());
        return queued;
    }

    /** Relay every waiting event of one databox; return how many jobs were queued. */
    public int relay(DataboxId databox) {
        int[] queued = {0};
        while (records.drainOutbox(databox, BATCH, rows -> queued[0] += jobs.enqueueKeyed(JobQueue.RECORD_CHANGED, keyed(databox, rows)))
                == BATCH) {
            // a full batch: more may wait
        }
        return queued[0];
    }

    /** Return the dedup key of the job of one outbox row. */
    static String key(DataboxId databox, long outboxId) {
        return JobQueue.RECORD_CHANGED + ":" + databox.value() + ":" + outboxId;
    }

    /** Return the jobs of a batch of outbox rows. */
    static List<JobQueue.Keyed> keyed(DataboxId databox, List<Records.Outboxed> rows) {
        return rows.stream().map(r -> new JobQueue.Keyed(key(databox, r.id()), databox, r.record(), RecordChanged.payload(r.changes(), r.id())))
                .toList();
    }
}
