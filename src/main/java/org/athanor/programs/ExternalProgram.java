package org.athanor.programs;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.athanor.programs.ProgramException.Reason;

/**
 * One run of an external program: its arguments go to the program as they are, never through a shell; it may run for
 * a limited time, after which it and the processes it started are killed; its output is captured up to a bound (or
 * streamed to the caller), and the end of its error output is kept for messages.
 *
 * <pre>{@code
 * ExternalProgram.Result r = ExternalProgram.of(List.of(ffprobe.toString(), "-v", "error", file.toString()))
 *         .timeout(Duration.ofSeconds(30)).run();          // any exit code
 * ExternalProgram.of(command).environment(Map.of("PGPASSWORD", pw)).output(out, progress).runOk();   // exit 0 or throw
 * }</pre>
 *
 * <p>Secrets go through {@link #environment}, never on the command line, where any user of the machine could read
 * them in the process list. Without {@link #input}, the program reads an empty standard input; when reading the
 * {@link #input} fails, the program is killed before it sees an end of input, so that part of a dump is never loaded
 * as if it were all of it.
 */
public final class ExternalProgram {
    /** How much of the standard output is captured when it is not streamed; the rest is read and dropped. */
    public static final int OUTPUT_KEPT = 16 * 1024 * 1024;
    /** How much of the end of the error output is kept. */
    public static final int ERRORS_KEPT = 8 * 1024;
    private static final int BUFFER = 256 * 1024;
    private static final int MESSAGE_KEPT = 1000;

    private final List<String> command;
    private final String name;
    private Duration timeout;
    private String timeoutAdvice = "";
    private final Map<String, String> environment = new HashMap<>();
    private InputStream input;
    private OutputStream output;
    private LongConsumer progress = bytes -> {};
    private boolean countInput;

    private ExternalProgram(List<String> command) {
        if (command.isEmpty()) throw new IllegalArgumentException("a command needs at least the program");
        this.command = List.copyOf(command);
        this.name = Path.of(command.get(0)).getFileName().toString();
    }

    /** Return a run of {@code command}: the program's path, then its arguments, each passed as it is. */
    public static ExternalProgram of(List<String> command) {
        return new ExternalProgram(command);
    }

    /** Return a run of {@code program} with {@code arguments}. */
    public static ExternalProgram of(Path program, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(arguments);
        return new ExternalProgram(command);
    }

    /** Kill the program (and what it started) when it runs longer than {@code limit}; {@code null} or zero for no limit. */
    public ExternalProgram timeout(Duration limit) {
        this.timeout = limit == null || limit.isZero() || limit.isNegative() ? null : limit;
        return this;
    }

    /** Append {@code advice} to the time-out message, e.g. "raise ffmpeg_timeout in main.binaries". */
    public ExternalProgram timeoutAdvice(String advice) {
        this.timeoutAdvice = advice == null || advice.isBlank() ? "" : "; " + advice;
        return this;
    }

    /** Set environment variables of the program; a {@code null} value removes the variable. */
    public ExternalProgram environment(Map<String, String> variables) {
        this.environment.putAll(variables);
        return this;
    }

    /** Feed {@code in} to the program's standard input, then close that input; {@code in} is not closed. */
    public ExternalProgram input(InputStream in) {
        this.input = in;
        return this;
    }

    /**
     * Stream the program's standard output into {@code out} (not closed) instead of capturing it, telling
     * {@code copied} the bytes copied so far; with {@link #input} and a {@code null} {@code out}, the output is
     * discarded and {@code copied} counts the bytes fed instead.
     */
    public ExternalProgram output(OutputStream out, LongConsumer copied) {
        this.output = out == null ? OutputStream.nullOutputStream() : out;
        this.progress = copied == null ? bytes -> {} : copied;
        this.countInput = out == null;
        return this;
    }

    /** What a finished program printed: its exit code, its output (when captured) and the end of its error output. */
    public record Result(int exitCode, String out, String err) {
        /** Return the first non-empty line of the output, else of the error output. */
        public Optional<String> firstLine() {
            for (String text : List.of(out, err)) {
                for (String line : text.split("\n")) {
                    if (!line.isBlank()) return Optional.of(line.strip());
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Run the program to its end, whatever its exit code.
     *
     * @throws ProgramException {@code CANNOT_START}, {@code TIMED_OUT}, {@code STREAM} or {@code INTERRUPTED}
     */
    public Result run() {
        ProcessBuilder pb = new ProcessBuilder(command);
        environment.forEach((k, v) -> {
            if (v == null) pb.environment().remove(k);
            else pb.environment().put(k, v);
        });
        pb.redirectError(ProcessBuilder.Redirect.PIPE);
        if (input == null) pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new ProgramException(Reason.CANNOT_START, "cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> helpers = new ArrayList<>();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        helpers.add(daemon(name + "-stderr", () -> keepTail(process.getErrorStream(), errors)));
        AtomicReference<IOException> feedFailure = new AtomicReference<>();
        if (input != null) {
            helpers.add(daemon(name + "-stdin", () -> {
                OutputStream toProgram = process.getOutputStream();
                try {
                    copy(input, toProgram, countInput ? progress : bytes -> {});
                    toProgram.close();
                } catch (IOException e) {
                    if (process.isAlive()) {    // else the program stopped reading, and its exit code tells why
                        feedFailure.set(e);
                        kill(process);          // before it sees an end of input: part of the input must not pass for all of it
                    }
                }
            }));
        }
        Thread watchdog = timeout == null ? null : daemon(name + "-watchdog", () -> {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    killed.set(true);
                    kill(process);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            try (InputStream fromProgram = process.getInputStream()) {
                if (output != null) copy(fromProgram, output, countInput ? bytes -> {} : progress);
                else keepHead(fromProgram, captured);
            } catch (IOException e) {
                if (!killed.get()) {
                    kill(process);
                    throw new ProgramException(Reason.STREAM, "cannot take the output of " + name + ": " + e.getMessage(), e);
                }
            }
            int exit = process.waitFor();
            for (Thread t : helpers) t.join();
            if (killed.get()) {
                throw new ProgramException(Reason.TIMED_OUT, name + " did not finish within " + seconds(timeout) + " and was killed"
                        + timeoutAdvice + tail(errors));
            }
            if (feedFailure.get() != null) {
                throw new ProgramException(Reason.STREAM, "cannot feed " + name + ": " + feedFailure.get().getMessage(), feedFailure.get());
            }
            return new Result(exit, captured.toString(StandardCharsets.UTF_8), text(errors));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new ProgramException(Reason.INTERRUPTED, "interrupted while " + name + " ran; it was killed", e);
        } finally {
            if (process.isAlive()) kill(process);
            if (watchdog != null) watchdog.interrupt();
        }
    }

    /**
     * Run the program and require exit code 0.
     *
     * @throws ProgramException as {@link #run}, and {@code FAILED} with the end of the error output:
     *         "pg_dump failed (exit 1): pg_dump: error: connection to server … failed"
     */
    public Result runOk() {
        Result r = run();
        if (r.exitCode() != 0) {
            String err = r.err().isBlank() ? "" : ": " + oneLine(r.err());
            throw new ProgramException(Reason.FAILED, name + " failed (exit " + r.exitCode() + ")" + err);
        }
        return r;
    }

    /** Return the first line {@code program} prints with {@code arguments} (e.g. {@code --version}); empty when it fails or takes over 10 s. */
    public static Optional<String> versionOf(Path program, List<String> arguments) {
        try {
            Result r = of(program, arguments).timeout(Duration.ofSeconds(10)).run();
            return r.firstLine().map(l -> l.length() > 120 ? l.substring(0, 120) + "…" : l);
        } catch (ProgramException e) {
            return Optional.empty();
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void copy(InputStream in, OutputStream out, LongConsumer progress) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            total += n;
            progress.accept(total);
        }
    }

    private static void keepHead(InputStream in, ByteArrayOutputStream kept) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            int room = OUTPUT_KEPT - kept.size();
            if (room > 0) kept.write(buffer, 0, Math.min(n, room));
        }
    }

    private static void keepTail(InputStream in, ByteArrayOutputStream kept) {
        byte[] buffer = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (kept) {
                    kept.write(buffer, 0, n);
                    if (kept.size() > 2 * ERRORS_KEPT) {
                        byte[] all = kept.toByteArray();
                        kept.reset();
                        kept.write(all, all.length - ERRORS_KEPT, ERRORS_KEPT);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended: what was read is kept
        }
    }

    private static String text(ByteArrayOutputStream kept) {
        String text;
        synchronized (kept) {
            text = kept.toString(StandardCharsets.UTF_8);
        }
        return text.length() > ERRORS_KEPT ? "…" + text.substring(text.length() - ERRORS_KEPT) : text;
    }

    private static String tail(ByteArrayOutputStream kept) {
        String t = text(kept);
        return t.isBlank() ? "" : ": " + oneLine(t);
    }

    /** Return {@code text} on one line, at most its last {@value #MESSAGE_KEPT} characters: the end holds the cause. */
    private static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > MESSAGE_KEPT ? "…" + line.substring(line.length() - MESSAGE_KEPT) : line;
    }

    private static String seconds(Duration d) {
        if (d.toMillis() % 1000 == 0) return d.toSeconds() + " s";
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override public String toString() {
        return String.join(" ", command);
    }
}
