package org.athanor.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waiting for what another process does (rows it writes, files, exit codes of its commands), which offers nothing to
 * block on: a condition checked until a deadline, first often then every quarter second, failing with what was awaited.
 * Within one JVM, prefer a latch on the event itself.
 */
public final class Await {
    private static final long FIRST_PAUSE = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long LONGEST_PAUSE = TimeUnit.MILLISECONDS.toNanos(250);

    /** A condition that may throw (it usually reads a file or a database). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {}

    /** Return as soon as {@code condition} holds; throw an {@link AssertionError} naming {@code what} when it still does not after {@code within}. */
    public static void until(String what, Duration within, Condition condition) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        long pause = FIRST_PAUSE;
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("waited " + within.toSeconds() + " s for " + what + ", in vain");
            LockSupport.parkNanos(pause);
            if (Thread.interrupted()) throw new InterruptedException("interrupted while waiting for " + what);
            pause = Math.min(pause * 2, LONGEST_PAUSE);
        }
    }
}
