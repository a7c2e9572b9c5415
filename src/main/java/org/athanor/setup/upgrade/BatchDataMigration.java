package org.athanor.setup.upgrade;

import java.util.OptionalLong;
import org.athanor.core.Progress;

/**
 * A data migration in Java, in batches keyed by an increasing number (a record_id), checkpointed in the appbox after
 * each batch: a rerun after a crash starts after the last checkpoint, and every batch is itself idempotent, so a batch
 * done but not yet checkpointed is simply done again.
 *
 * <p>Pause points (see {@link Installation#pausePoint}): {@code <name>#<n>} after batch n (from 1) was committed and
 * checkpointed.
 */
public abstract class BatchDataMigration implements UpgradeStep {
    /** Rows per batch unless a migration says otherwise, or the system property {@value #BATCH_PROPERTY} (tests, tuning). */
    public static final int DEFAULT_BATCH = 500;
    /** System property overriding {@link #DEFAULT_BATCH}, e.g. {@code JAVA_OPTS=-Dathanor.upgrade.batch-size=2} in the crash tests. */
    public static final String BATCH_PROPERTY = "athanor.upgrade.batch-size";
    /** Checkpoint value once the migration has finished. */
    static final String DONE = "done";

    /** Return how many rows remain (for the progress bar and the plan); 0 when none. */
    protected abstract long remaining(Installation installation, long after);

    /**
     * Migrate the next batch of at most {@code size} rows whose key is above {@code after}, in one transaction of the
     * box, and return the highest key handled; empty when no row is left.
     */
    protected abstract OptionalLong migrateBatch(Installation installation, long after, int size);

    /** Return the batch size. */
    protected int batchSize() {
        return Math.max(1, Integer.getInteger(BATCH_PROPERTY, DEFAULT_BATCH));
    }

    /** Return the name of this migration's checkpoint. */
    protected String checkpointName() {
        return "data:" + name();
    }

    @Override
    public boolean isDone(Installation installation) {
        String checkpoint = installation.checkpoints().get(checkpointName()).orElse(null);
        if (DONE.equals(checkpoint)) return true;
        return remaining(installation, checkpoint == null ? 0 : Long.parseLong(checkpoint)) == 0;
    }

    @Override
    public void apply(Installation installation, Progress progress) {
        Checkpoints checkpoints = installation.checkpoints();
        String checkpoint = checkpoints.get(checkpointName()).orElse("0");
        if (DONE.equals(checkpoint)) return;
        long after = Long.parseLong(checkpoint);
        long total = remaining(installation, after);
        long done = 0;
        int batch = 0;
        progress.advance(0, total);
        while (true) {
            OptionalLong last = migrateBatch(installation, after, batchSize());
            if (last.isEmpty()) break;
            after = last.getAsLong();
            checkpoints.put(checkpointName(), Long.toString(after));
            batch++;
            done = Math.min(total, done + batchSize());
            progress.advance(done, total);
            installation.pausePoint(name() + "#" + batch);
        }
        checkpoints.put(checkpointName(), DONE);
        progress.advance(total, total);
        installation.log().line(name() + ": " + batch + " batch(es), last key " + after);
    }

    @Override
    public java.util.List<String> plan(Installation installation) {
        long n = remaining(installation, installation.checkpoints().get(checkpointName()).filter(c -> !DONE.equals(c))
                .map(Long::parseLong).orElse(0L));
        return java.util.List.of(n + " row(s) to migrate in batches of " + batchSize());
    }
}
