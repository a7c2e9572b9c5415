package org.athanor.media;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ExifTool process kept running in {@code -stay_open} mode: each call sends its arguments and reads the answer,
 * without paying Perl's start-up again. Calls are serialised; a call running past the timeout kills the process,
 * which the next call restarts.
 */
public final class ExifTool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExifTool.class);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "exiftool-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final Path executable;
    private final Duration timeout;
    private Process process;
    private Writer in;
    private BufferedReader out;
    private ByteArrayOutputStream err;
    private int sequence;

    /** An ExifTool at {@code executable}, each call limited to {@code timeout}; started at the first call. */
    public ExifTool(Path executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    /** What one call printed. */
    public record Answer(String out, String err) {}

    /**
     * Run ExifTool with {@code args} (one argument each, as on a command line) and return what it printed.
     *
     * @throws MediaException when the process cannot start, dies or runs out of time
     */
    public synchronized Answer execute(List<String> args) {
        start();
        int n = ++sequence;
        ScheduledFuture<?> kill = WATCHDOG.schedule(this::kill, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            synchronized (err) {
                err.reset();
            }
            StringBuilder b = new StringBuilder();
            for (String a : args) b.append(argLine(a)).append('\n');
            b.append("-echo4\n{ready").append(n).append("}\n-execute").append(n).append('\n');
            in.write(b.toString());
            in.flush();
            StringBuilder answer = new StringBuilder();
            String marker = "{ready" + n + "}";
            String line;
            while ((line = out.readLine()) != null && !line.equals(marker)) answer.append(line).append('\n');
            if (line == null) throw new IOException("exiftool stopped");
            String errText = awaitErr(marker);
            return new Answer(answer.toString(), errText);
        } catch (IOException e) {
            kill();
            throw new MediaException("exiftool (" + executable + ") failed or ran longer than " + timeout.toSeconds()
                    + " s: " + e.getMessage() + "; raise main.binaries.exiftool_timeout if the files are that large");
        } finally {
            kill.cancel(false);
        }
    }

    private String awaitErr(String marker) throws IOException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) {
            synchronized (err) {
                String s = err.toString(StandardCharsets.UTF_8);
                int i = s.indexOf(marker);
                if (i >= 0) return s.substring(0, i).strip();
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        return "";
    }

    /** Write one argument as an argfile line; C escapes keep newlines and leading/trailing spaces. */
    private static String argLine(String a) {
        if (a.indexOf('\n') < 0 && a.indexOf('\r') < 0 && a.indexOf('\\') < 0 && a.equals(a.strip())) return a;
        return "#[CSTR]" + a.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }

    private void start() {
        if (process != null && process.isAlive()) return;
        try {
            process = new ProcessBuilder(executable.toString(), "-stay_open", "True", "-@", "-", "-common_args",
                    "-charset", "filename=utf8", "-charset", "utf8").start();
        } catch (IOException e) {
            throw new MediaException("cannot start exiftool (" + executable + "): " + e.getMessage()
                    + "; install libimage-exiftool-perl or set main.binaries.exiftool_binary");
        }
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        err = e;
        InputStream es = process.getErrorStream();
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            int k;
            try {
                while ((k = es.read(buf)) > 0) {
                    synchronized (e) {
                        if (e.size() < 1 << 20) e.write(buf, 0, k);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "exiftool-stderr");
        t.setDaemon(true);
        t.start();
    }

    private void kill() {
        Process p = process;
        if (p != null) p.destroyForcibly();
    }

    @Override public synchronized void close() {
        if (process == null || !process.isAlive()) return;
        try {
            in.write("-stay_open\nFalse\n");
            in.flush();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (IOException | InterruptedException e) {
            LOG.debug("exiftool did not stop cleanly: {}", e.toString());
            process.destroyForcibly();
        }
    }
}
