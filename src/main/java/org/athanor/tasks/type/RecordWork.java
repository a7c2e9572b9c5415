package org.athanor.tasks.type;

import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;

/** The work a queue task does on one record (make its subdefs, write its metadata); must be idempotent. */
@FunctionalInterface
public interface RecordWork {
    /** Do the work on one record; on success the record's "to do" mark is cleared by the work itself. */
    void process(DataboxId databox, RecordId record) throws Exception;
}
