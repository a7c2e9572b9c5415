/**
 * Tasks of the task manager (rows in the appbox), the scheduler that runs them, and the job queue.
 *
 * <p><b>Consuming record changes</b> (for the search index and other followers of records): every change made through
 * {@code org.athanor.databox.Records} becomes one job of type {@link org.athanor.tasks.JobQueue#RECORD_CHANGED}
 * ({@code "record-changed"}), queued by {@link org.athanor.tasks.RecordChangeRelay} right after the change committed
 * (and by any later relay pass, should that one have failed). A consumer:
 * <pre>{@code
 * relay.relayAll();                                   // events whose relay after commit failed
 * for (Job job : jobs.claim(JobQueue.RECORD_CHANGED, owner, 100)) {
 *     RecordChanged c = RecordChanged.of(job);        // databox, record, changes (CREATED, CAPTION, STATUS,
 *     if (c.deleted()) index.remove(c.databox(), c.record());      // COLLECTION, STORY, DELETED), outbox id
 *     else index.update(records.store(c.databox()).show(c.record()));
 *     jobs.complete(job, owner);
 * }
 * }</pre>
 * Each change is queued once (jobs are keyed by databox and outbox id); several jobs may name one record, so a
 * consumer re-reads the record as it is now rather than applying the change.
 */
package org.athanor.tasks;
