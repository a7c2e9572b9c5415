package org.athanor.tasks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A log file of timestamped lines that rolls over by size: {@code x.log} becomes {@code x.log.1}, and so on, keeping
 * {@code maxFiles} files in all. Used for {@code logs/scheduler.log} and {@code logs/task_<id>.log}.
 */
public final class RotatingLog implements AutoCloseable {
    /** Size at which a log rolls over unless told otherwise. */
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;

    private final Path file;
    private final long maxBytes;
    private final int maxFiles;
    private BufferedWriter out;
    private long size;

    public RotatingLog(Path file, long maxBytes, int maxFiles) {
        if (maxBytes < 1024) throw new IllegalArgumentException("maxBytes must be at least 1024, found " + maxBytes);
        if (maxFiles < 1) throw new IllegalArgumentException("maxFiles must be at least 1, found " + maxFiles);
        this.file = file;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
    }

    /** The current file. */
    public Path file() {
        return file;
    }

    /**
     * Append one line, prefixed with the UTC time, its control characters escaped ({@link org.athanor.core.Text#forLog}) so
     * a file name or task name cannot forge lines; a write failure is reported on stderr, never thrown.
     */
    public synchronized void line(String text) {
        String line = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + org.athanor.core.Text.forLog(text) + System.lineSeparator();
        try {
            if (out == null) open();
            if (size > 0 && size + line.length() > maxBytes) roll();
            out.write(line);
            out.flush();
            size += line.getBytes(StandardCharsets.UTF_8).length;
        } catch (IOException | UncheckedIOException e) {
            System.err.println("[athanor] cannot write " + file + ": " + e.getMessage() + " — line was: " + org.athanor.core.Text.forLog(text));
        }
    }

    private void open() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    private void roll() throws IOException {
        out.close();
        out = null;
        Files.deleteIfExists(numbered(maxFiles - 1));
        for (int i = maxFiles - 2; i >= 1; i--) {
            if (Files.exists(numbered(i))) Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
        }
        if (maxFiles > 1) Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        else Files.deleteIfExists(file);
        open();
    }

    private Path numbered(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    @Override public synchronized void close() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing left to report to
        }
        out = null;
    }
}
