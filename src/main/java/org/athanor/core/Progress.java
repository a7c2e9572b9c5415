package org.athanor.core;

/** Receives the progress of long work; the CLI draws it, tests record it, the admin page shows it. */
public interface Progress {
    /** Progress that is not shown. */
    Progress NONE = new Progress() {
        @Override public void step(String label) {}
        @Override public void advance(long done, long total) {}
    };

    /** Start a named step (e.g. "Migrating the appbox schema"). */
    void step(String label);

    /** Report {@code done} items out of {@code total} in the current step ({@code total} 0 when unknown). */
    void advance(long done, long total);
}
