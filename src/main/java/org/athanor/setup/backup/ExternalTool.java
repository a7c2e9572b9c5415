package org.athanor.setup.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one external program (pg_dump, psql, mariadb-dump, bzip2…), streaming its standard input and output, keeping
 * the end of its error output for messages, and killing it when it runs longer than allowed.
 *
 * <p>Passwords go through {@code environment} (PGPASSWORD, MYSQL_PWD), never on the command line, where any user of
 * the machine could read them in the process list.
 */
final class ExternalTool {
    /** How much of the tool's error output is kept for the message. */
    private static final int STDERR_KEPT = 8 * 1024;
    private static final int BUFFER = 256 * 1024;

    private ExternalTool() {}

    /** The tool ran longer than allowed and was killed. */
    static final class TimedOut extends IOException {
        TimedOut(String message) {
            super(message);
        }
    }

    /** The tool ended with an exit code other than 0. */
    static final class Failed extends IOException {
        Failed(String message) {
            super(message);
        }
    }

    /**
     * Run {@code command} until it ends.
     *
     * @param environment variables to set; a {@code null} value removes the variable
     * @param stdin fed to the tool's standard input, then closed; {@code null} for none
     * @param stdout receives the tool's standard output; {@code null} to discard it
     * @param timeout how long the tool may run before it is killed; {@code null} or zero for no limit
     * @param progress told the number of bytes copied so far (from stdout, else from stdin)
     * @throws TimedOut when killed after {@code timeout}
     * @throws Failed when the tool exits with a code other than 0; the message holds the end of its error output
     */
    static void run(List<String> command, Map<String, String> environment, InputStream stdin, OutputStream stdout,
                    Duration timeout, ByteCounter progress) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        environment.forEach((k, v) -> {
            if (v == null) pb.environment().remove(k);
            else pb.environment().put(k, v);
        });
        pb.redirectError(ProcessBuilder.Redirect.PIPE);
        if (stdout == null) pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (stdin == null) pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        String name = Path.of(command.get(0)).getFileName().toString();
        Process process = pb.start();
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> helpers = new ArrayList<>();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        helpers.add(start(name + "-stderr", () -> keepTail(process.getErrorStream(), stderr)));
        AtomicReference<IOException> feedFailure = new AtomicReference<>();
        if (stdin != null) {
            helpers.add(start(name + "-stdin", () -> {
                try (OutputStream toTool = process.getOutputStream()) {
                    copy(stdin, toTool, stdout == null ? progress : ByteCounter.NONE);
                } catch (IOException e) {
                    if (process.isAlive()) feedFailure.set(e);   // a tool that stopped reading reports its own error
                }
            }));
        }
        Thread watchdog = null;
        if (timeout != null && !timeout.isZero() && !timeout.isNegative()) {
            watchdog = start(name + "-watchdog", () -> {
                try {
                    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        killed.set(true);
                        process.descendants().forEach(ProcessHandle::destroyForcibly);
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            if (stdout != null) {
                try (InputStream fromTool = process.getInputStream()) {
                    copy(fromTool, stdout, progress);
                } catch (IOException e) {
                    if (!killed.get()) throw e;
                }
            }
            int exit = process.waitFor();
            for (Thread t : helpers) t.join();
            if (killed.get()) {
                throw new TimedOut(name + " did not finish within " + timeout.toSeconds() + " s and was killed"
                        + tail(stderr));
            }
            if (exit != 0) throw new Failed(name + " failed (exit " + exit + ")" + tail(stderr));
            if (feedFailure.get() != null) throw feedFailure.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + name + " ran");
        } finally {
            if (process.isAlive()) process.destroyForcibly();
            if (watchdog != null) watchdog.interrupt();
        }
    }

    /** Copy everything from {@code in} to {@code out}, reporting the bytes copied. */
    static long copy(InputStream in, OutputStream out, ByteCounter progress) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            total += n;
            progress.copied(total);
        }
        return total;
    }

    private static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void keepTail(InputStream in, ByteArrayOutputStream kept) {
        byte[] buffer = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (kept) {
                    kept.write(buffer, 0, n);
                    if (kept.size() > 2 * STDERR_KEPT) {
                        byte[] all = kept.toByteArray();
                        kept.reset();
                        kept.write(all, all.length - STDERR_KEPT, STDERR_KEPT);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended: what was read is kept
        }
    }

    private static String tail(ByteArrayOutputStream kept) {
        String text;
        synchronized (kept) {
            text = kept.toString(StandardCharsets.UTF_8).strip();
        }
        if (text.length() > STDERR_KEPT) text = "…" + text.substring(text.length() - STDERR_KEPT);
        return text.isEmpty() ? "" : ": " + text.replace('\n', ' ').replaceAll("\\s+", " ");
    }

    /** Receives how many bytes went through so far. */
    @FunctionalInterface
    interface ByteCounter {
        ByteCounter NONE = bytes -> {};

        void copied(long bytes);
    }
}
