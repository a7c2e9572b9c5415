package org.athanor.cli;

import org.athanor.core.Progress;

/** Prints the steps of long work on the console; quiet with -q. */
final class ConsoleProgress implements Progress {
    private final CliContext context;
    private int steps;

    ConsoleProgress(CliContext context) {
        this.context = context;
    }

    @Override public void step(String label) {
        context.say(String.format("[%d] %s", ++steps, label));
    }

    @Override public void advance(long done, long total) {
        if (context.verbose()) context.say(total > 0 ? "    " + done + "/" + total : "    " + done);
    }
}
