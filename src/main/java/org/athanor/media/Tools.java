package org.athanor.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.athanor.config.BinariesConfig;

/** The external tools Athanor uses when installed (exiftool, ffmpeg, vipsthumbnail…), found once, run with a timeout. */
public final class Tools {
    /** No external tool at all: the pure-Java paths only (tests of the fallbacks). */
    public static final Tools NONE = new Tools(BinariesConfig.DEFAULT, true);

    private final BinariesConfig config;
    private final boolean none;
    private final Map<String, Optional<Path>> found = new ConcurrentHashMap<>();

    /** Tools as {@code main.binaries} says: a configured path, else the {@code PATH}. */
    public Tools(BinariesConfig config) {
        this(config, false);
    }

    private Tools(BinariesConfig config, boolean none) {
        this.config = config;
        this.none = none;
    }

    /** Return the tool's executable, or empty when it is not installed. */
    public Optional<Path> find(String name) {
        if (none) return Optional.empty();
        return found.computeIfAbsent(name, this::lookup);
    }

    private Optional<Path> lookup(String name) {
        Optional<Path> configured = BinariesConfig.BINARIES.contains(name) ? config.binary(name) : Optional.empty();
        if (configured.isPresent()) return configured.filter(Files::isExecutable);
        String exe = switch (name) {
            case "ghostscript" -> "gs";
            case "libreoffice" -> "soffice";
            default -> name;
        };
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isBlank()) continue;
            Path p = Path.of(dir, exe);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** Return how long a tool may run: its configured timeout, or 120 s for tools without one. */
    public Duration timeout(String name) {
        try {
            return config.timeout(name);
        } catch (IllegalArgumentException e) {
            return Duration.ofSeconds(120);
        }
    }

    /** What a finished tool printed. */
    public record Result(int exitCode, String out, String err) {}

    /**
     * Run a command to its end or its timeout; the output is kept (at most 16 MiB).
     *
     * @throws MediaException when it cannot start or runs out of time (the process is then killed)
     */
    public static Result run(List<String> command, Duration timeout) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new MediaException("cannot start " + command.get(0) + ": " + e.getMessage());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = daemon(() -> drain(p.getInputStream(), out));
        Thread e = daemon(() -> drain(p.getErrorStream(), err));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new MediaException(Path.of(command.get(0)).getFileName() + " ran longer than " + timeout.toSeconds()
                        + " s and was stopped; raise its timeout in main.binaries if the files are that large");
            }
            o.join();
            e.join();
        } catch (InterruptedException ie) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new MediaException("interrupted while " + command.get(0) + " was running");
        }
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Run a command and fail unless it exits with 0.
     *
     * @throws MediaException naming the tool and the last line it printed on stderr
     */
    public static Result runOk(List<String> command, Duration timeout) {
        Result r = run(command, timeout);
        if (r.exitCode() != 0) {
            String[] lines = r.err().strip().split("\n");
            throw new MediaException(Path.of(command.get(0)).getFileName() + " failed (exit " + r.exitCode() + "): "
                    + lines[lines.length - 1].strip());
        }
        return r;
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "tool-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void drain(InputStream in, ByteArrayOutputStream to) {
        try (in) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (to.size() < 16 << 20) to.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
