package org.athanor.tasks;

import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;

/**
 * One item of work of the queue, as claimed by a worker.
 *
 * @param id the row id in {@code jobs}
 * @param jobType what to do, e.g. {@link JobQueue#SUBDEFS}
 * @param databox the databox of the record
 * @param record the record to work on
 * @param attempts how many times it was claimed, this claim included
 * @param payload what the job type needs besides the record, or null; for {@link JobQueue#RECORD_CHANGED} the
 *     changes, read with {@link RecordChanged#of(Job)}
 */
public record Job(long id, String jobType, DataboxId databox, RecordId record, int attempts, String payload) {}
