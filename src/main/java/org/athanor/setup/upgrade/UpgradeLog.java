package org.athanor.setup.upgrade;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The upgrade's own log, {@code logs/upgrade-<from>-<to>-<time>.log}: one timestamped line per event, flushed at once
 * so that it survives a SIGKILL. Control characters are escaped: the log is read in a terminal.
 */
public final class UpgradeLog implements AutoCloseable {
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Clock clock;
    private BufferedWriter out;

    private UpgradeLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** Return the log file for an upgrade {@code from -> to} started at {@code start}, in {@code logDir}; nothing is written yet. */
    public static UpgradeLog in(Path logDir, String from, String to, Instant start, Clock clock) {
        return new UpgradeLog(logDir.resolve("upgrade-" + safe(from) + "-" + safe(to) + "-" + FILE_TIME.format(start) + ".log"), clock);
    }

    /** Return a log that writes nothing (dry runs). */
    public static UpgradeLog none() {
        return new UpgradeLog(null, Clock.systemUTC());
    }

    /** Return the log file, or null for {@link #none()}. */
    public Path file() {
        return file;
    }

    /** Append one line (several lines are each prefixed). Creates the file and its folder at the first line. */
    public synchronized void line(String text) {
        if (file == null) return;
        try {
            if (out == null) {
                Files.createDirectories(file.getParent());
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            String stamp = clock.instant().toString();
            for (String l : text.split("\n", -1)) {
                out.write(stamp + " " + escape(l));
                out.newLine();
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the upgrade log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out = null;
        }
    }

    /** Replace control characters (but tab) by {@code \\uXXXX}, so a log line cannot move the cursor or forge lines. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c == '\t' || (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0))) b.appendCodePoint(c);
            else b.append(String.format("\\u%04x", c));
        });
        return b.toString();
    }

    private static String safe(String version) {
        return version.replaceAll("[^0-9A-Za-z.+-]", "_");
    }
}
