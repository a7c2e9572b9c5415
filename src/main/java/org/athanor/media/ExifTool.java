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
 *
 * <p>ExifTool in {@code -stay_open} mode keeps polling its argument file after end of file, so it would outlive a
 * {@code kill -9} of this JVM for ever. On POSIX systems it is therefore started under a small {@code /bin/sh}
 * watcher that ends it within a second of this JVM's death (and at once when ExifTool itself ends), and every ExifTool carries the marker
 * {@code -userParam athanor-owner=PID}: {@link #reapOrphans()} (called at each start) stops those whose owner is gone.
 */
public final class ExifTool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExifTool.class);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "exiftool-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** The ExifTool user parameter naming the JVM that owns the process; harmless to ExifTool itself. */
    static final String MARKER = "athanor-owner=";
    private static final Path SH = Path.of("/bin/sh");
    /** The watcher: runs ExifTool on our stdin, stops it when the owner pid ($1) is gone or ExifTool ends. */
    private static final String WATCHER = """
            owner=$1; shift
            exec 3<&0
            "$@" <&3 3<&- &
            child=$!
            exec 3<&-
            trap 'kill $child 2>/dev/null; exit 0' TERM INT HUP
            while kill -0 "$owner" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 0.2 2>/dev/null || sleep 1; done
            kill "$child" 2>/dev/null
            wait "$child"
            """;

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
        if (process == null) reapOrphans();
        long owner = ProcessHandle.current().pid();
        List<String> exiftool = List.of(executable.toString(), "-stay_open", "True", "-@", "-", "-common_args",
                "-userParam", MARKER + owner, "-charset", "filename=utf8", "-charset", "utf8");
        List<String> command = new java.util.ArrayList<>();
        if (java.nio.file.Files.isExecutable(SH)) command.addAll(List.of(SH.toString(), "-c", WATCHER, "athanor-exiftool-watcher", String.valueOf(owner)));
        command.addAll(exiftool);
        try {
            process = new ProcessBuilder(command).start();
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
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);   // ExifTool under the watcher
            p.destroyForcibly();
        }
    }

    /**
     * Stop the ExifTool processes of this user left by an Athanor JVM that died (killed with {@code -9} before the
     * watcher existed, or with its watcher): those carrying {@link #MARKER} whose owner pid is no longer alive.
     *
     * @return how many were stopped
     */
    public static int reapOrphans() {
        int[] n = {0};
        ProcessHandle.allProcesses().forEach(p -> {
            String[] args = p.info().arguments().orElse(null);
            if (args == null) return;
            for (int i = 0; i + 1 < args.length; i++) {
                if (!args[i].equals("-userParam") || !args[i + 1].startsWith(MARKER)) continue;
                long owner;
                try {
                    owner = Long.parseLong(args[i + 1].substring(MARKER.length()));
                } catch (NumberFormatException e) {
                    return;
                }
                boolean ownerAlive = ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
                boolean adopted = p.parent().map(ProcessHandle::pid).orElse(1L) == 1L;
                if ((!ownerAlive || adopted && owner != ProcessHandle.current().pid()) && p.destroyForcibly()) {
                    LOG.warn("stopped an ExifTool left by Athanor process {} that died (pid {})", owner, p.pid());
                    n[0]++;
                }
                return;
            }
        });
        return n[0];
    }

    @Override public synchronized void close() {
        if (process == null || !process.isAlive()) return;
        try {
            in.write("-stay_open\nFalse\n");
            in.flush();
            if (!process.waitFor(5, TimeUnit.SECONDS)) kill();
        } catch (IOException | InterruptedException e) {
            LOG.debug("exiftool did not stop cleanly: {}", e.toString());
            kill();
        }
    }
}
