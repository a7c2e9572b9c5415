package org.athanor.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows the progress of a batch of items: a progress bar on stderr when a terminal is there, else one plain line per
 * item on stdout; with {@code -q}, nothing but the important lines under a bar.
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
                context.err().println(org.athanor.Text.forTerminal(line));
                context.err().flush();
            }
        } else {
            context.say("[" + done + "/" + total + "] " + org.athanor.Text.forTerminal(line));
        }
    }

    @Override public void close() {
        if (bar != null) bar.close();
    }
}
