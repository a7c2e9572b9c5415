package org.athanor.setup.upgrade;

import org.athanor.core.Progress;

/**
 * One step of {@code system:upgrade}; must end in the same state whether run once or rerun after a crash.
 *
 * <p>The engine calls {@link #isDone} before {@link #apply}, and again after it: a step that reports itself not done
 * after {@code apply} fails the upgrade. {@code isDone} reads the installation (database, files), never memory, so
 * that a rerun after a SIGKILL skips what was finished and completes what was not.
 */
public interface UpgradeStep {
    /** Return the step's name, printed by {@code --dry-run}, in the upgrade log, and usable as a pause point. */
    String name();

    /** Return whether the installation already holds this step's result; read from the installation, never from memory. */
    boolean isDone(Installation installation);

    /** Carry the step out; when interrupted at any moment, a later {@code apply} must complete it. */
    void apply(Installation installation, Progress progress);

    /**
     * Return what {@code --dry-run} prints under the step's name (e.g. the migrations it would apply); one line per item.
     * The default says nothing more.
     */
    default java.util.List<String> plan(Installation installation) {
        return java.util.List.of();
    }

    /**
     * Return the SQL {@code --dump} prints for this step, or an empty list when the step runs no SQL of its own
     * (or writes only Java-driven batches, described by {@link #plan}).
     */
    default java.util.List<String> sql(Installation installation) {
        return java.util.List.of();
    }
}
