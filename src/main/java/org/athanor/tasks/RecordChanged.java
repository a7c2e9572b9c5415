package org.athanor.tasks;

import java.util.Set;
import org.athanor.ids.DataboxId;
import org.athanor.databox.RecordChange;
import org.athanor.ids.RecordId;

/**
 * A {@link JobQueue#RECORD_CHANGED} job read as what it says: which record of which databox changed, and how.
 *
 * <p>A consumer (the search index) claims {@code record-changed} jobs with {@link JobQueue#claim}, turns each into a
 * {@code RecordChanged} with {@link #of(Job)}, reads the record as it is now (or drops it from the index when
 * {@link #deleted()}), then completes the job. Jobs of one record are queued in the order of their changes; the
 * relay queues each change once (see {@link RecordChangeRelay}).
 *
 * @param outboxId the id of the change in the databox's outbox ({@code record_changes.id}), increasing per databox
 */
public record RecordChanged(DataboxId databox, RecordId record, Set<RecordChange> changes, long outboxId) {
    /**
     * Read a claimed {@code record-changed} job.
     *
     * @throws IllegalArgumentException when {@code job} is of another type or its payload is not a change list
     */
    public static RecordChanged of(Job job) {
        if (!JobQueue.RECORD_CHANGED.equals(job.jobType())) {
            throw new IllegalArgumentException("job " + job.id() + " is a '" + job.jobType() + "' job, not a '" + JobQueue.RECORD_CHANGED + "' job");
        }
        String payload = job.payload() == null ? "" : job.payload();
        int at = payload.indexOf('@');
        if (at < 0) throw new IllegalArgumentException("job " + job.id() + ": payload '" + payload + "' is not '<changes>@<outbox id>'");
        return new RecordChanged(job.databox(), job.record(), RecordChange.parse(payload.substring(0, at)),
                Long.parseLong(payload.substring(at + 1)));
    }

    /** Return the payload of the job of one outbox row: {@code <changes>@<outbox id>}, e.g. {@code CAPTION@42}. */
    static String payload(Set<RecordChange> changes, long outboxId) {
        return RecordChange.format(changes) + "@" + outboxId;
    }

    /** Return true when the record no longer exists. */
    public boolean deleted() {
        return changes.contains(RecordChange.DELETED);
    }
}
