package org.athanor.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;

/**
 * Shows the progress of a batch of items: a progress bar on stderr when a terminal is there, else one plain line per
 * item on stdout; with {@code -q}, nothing but the important lines under a bar. {@link #forEachRecord} is the loop
 * of the records:* commands.
 */
final class Batch implements AutoCloseable {
    private final CliContext context;
    private final ProgressBar bar;
    private final long total;
    private long done;

    Batch(CliContext context, String task, long total) {
        this.context = context;
        this.total = total;
        boolean terminal = System.console() != null && !context.quiet() && total > 1;
        this.bar = terminal ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true))).build() : null;
    }

    /** Count one item done; {@code line} is printed in plain mode, or on stderr above the bar when {@code important}. */
    synchronized void done(String line, boolean important) {
        done++;
        if (bar != null) {
            bar.step();
            if (important) {
                context.err().println(org.athanor.core.Text.forTerminal(line));
                context.err().flush();
            }
        } else {
            context.say("[" + done + "/" + total + "] " + org.athanor.core.Text.forTerminal(line));
        }
    }

    @Override public void close() {
        if (bar != null) bar.close();
    }

    /** What one record's work says: the end of its line ({@code record 1/42: <text>}), and whether it failed. */
    record Outcome(String text, boolean failed) {
        static Outcome done(String text) {
            return new Outcome(text, false);
        }

        static Outcome failed(String text) {
            return new Outcome(text, true);
        }
    }

    /** The work on one record. */
    @FunctionalInterface
    interface RecordWork {
        Outcome apply(DataboxId databox, RecordId record);
    }

    /**
     * Run {@code work} on each record of {@code records}, {@code threads} at a time, with one progress line per record,
     * and return how many failed. A failure thrown by the work counts as a failed record ({@code record 1/42 failed:
     * <message>}) unless {@code fatal} says it ends the command: then the records not yet started are skipped and it is
     * thrown once the others have finished.
     */
    static int forEachRecord(CliContext context, String task, List<Map.Entry<DataboxId, RecordId>> records, int threads,
                             Predicate<RuntimeException> fatal, RecordWork work) {
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<RuntimeException> stop = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Batch batch = new Batch(context, task, records.size())) {
            List<Future<?>> futures = new ArrayList<>();
            for (Map.Entry<DataboxId, RecordId> e : records) {
                String name = "record " + e.getKey() + "/" + e.getValue();
                futures.add(pool.submit(() -> {
                    if (stop.get() != null) return;
                    try {
                        Outcome o = work.apply(e.getKey(), e.getValue());
                        if (o.failed()) failed.incrementAndGet();
                        batch.done(name + (o.failed() ? " failed: " : ": ") + o.text(), o.failed());
                    } catch (RuntimeException ex) {
                        if (fatal.test(ex)) {
                            stop.compareAndSet(null, ex);
                            return;
                        }
                        failed.incrementAndGet();
                        batch.done(name + " failed: " + ex.getMessage(), true);
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException ex) {   // an Error: counted, and said
                    failed.incrementAndGet();
                    context.err().println("[ERROR] " + Output.lines(String.valueOf(ex.getCause().getMessage())));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new org.athanor.core.AthanorException(org.athanor.core.ErrorCode.INTERNAL, task + " interrupted", ex);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (stop.get() != null) throw stop.get();
        return failed.get();
    }
}
