package org.athanor.search;

import java.time.Instant;
import java.util.Set;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;

/**
 * A new index being filled beside the live one by {@code searchengine:index:populate}: queries keep answering from
 * the live index until {@link #publish()} swaps the two at once. A build survives a kill: the next
 * {@link SearchEngine#beginBuild()} resumes it from its last checkpoint.
 */
public interface IndexBuild extends AutoCloseable {
    /** When this build first started (a resumed build keeps it): records changed since then are indexed again before the swap. */
    Instant startedAt();

    /** The last record id indexed in this databox at the last checkpoint; 0 when none. */
    long checkpoint(DataboxId databox);

    /** Add or replace a document; several threads may add at once. */
    void add(IndexedRecord record);

    /** Remove a document if present. */
    void delete(DataboxId databox, RecordId record);

    /** Make everything added so far durable, and remember that records up to {@code lastRecordId} of {@code databox} are done. */
    void checkpoint(DataboxId databox, long lastRecordId);

    /** The record ids of a databox in this build. */
    Set<Long> recordIds(DataboxId databox);

    /** Make this build the live index, atomically for every searcher; the old one is removed. */
    void publish();

    /** Release the build without publishing it (it stays resumable). */
    @Override void close();
}
