package org.athanor.setup.backup;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.athanor.AthanorException;
import org.athanor.ErrorCode;
import org.athanor.setup.check.BinaryFinder;

/** How the dump files of a backup set are compressed: not at all, gzip (in Java) or bzip2 (the {@code bzip2} program). */
public enum Compression {
    /** Plain SQL files. */
    NONE("none", ""),
    /** gzip, done in Java. */
    GZIP("gzip", ".gz"),
    /** bzip2, done by the {@code bzip2} program (Debian package bzip2), as Phraseanet's backup-db does. */
    BZIP2("bzip2", ".bz2");

    private static final int GZIP_BUFFER = 64 * 1024;

    private final String id;
    private final String suffix;

    Compression(String id, String suffix) {
        this.id = id;
        this.suffix = suffix;
    }

    /** Return the name written in manifest.json: {@code none}, {@code gzip} or {@code bzip2}. */
    public String id() {
        return id;
    }

    /** Return what is appended to a dump file's name: {@code ""}, {@code .gz} or {@code .bz2}. */
    public String suffix() {
        return suffix;
    }

    /** Return the compression named {@code id} in a manifest. */
    public static Compression of(String id) {
        for (Compression c : values()) if (c.id.equals(id == null ? "" : id.toLowerCase(Locale.ROOT))) return c;
        throw new AthanorException(ErrorCode.BAD_ARGUMENT, "Unknown compression '" + id + "' in manifest.json: expected none, gzip or bzip2.");
    }

    /** Check that what this compression needs is installed; bzip2 needs the {@code bzip2} program. */
    void requireTools(BinaryFinder finder) {
        if (this == BZIP2) bzip2(finder);
    }

    /** Return a stream that compresses what is written into {@code sink}; closing it finishes the compression, not the sink. */
    OutputStream compress(OutputStream sink, BinaryFinder finder) throws IOException {
        switch (this) {
            case GZIP:
                return new GZIPOutputStream(new KeepOpen(sink), GZIP_BUFFER);
            case BZIP2:
                return new ThroughProgram(List.of(bzip2(finder).toString(), "-c", "-9"), sink);
            default:
                return new KeepOpen(sink);
        }
    }

    /** Return a stream of the decompressed content of {@code source}. */
    InputStream decompress(InputStream source, BinaryFinder finder) throws IOException {
        switch (this) {
            case GZIP:
                return new GZIPInputStream(source, GZIP_BUFFER);
            case BZIP2:
                return fromProgram(List.of(bzip2(finder).toString(), "-d", "-c"), source);
            default:
                return source;
        }
    }

    private static Path bzip2(BinaryFinder finder) {
        return finder.find("bzip2").orElseThrow(() -> new AthanorException(ErrorCode.CONFIG_INVALID,
                "bzip2 is not installed (searched " + finder.searchPath() + "): install the Debian package bzip2 "
                        + "(apt-get install bzip2), or use --gzip."));
    }

    /** Does not close the stream below, so that the caller can finish the file (checksum, sync) itself. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override public void close() throws IOException {
            flush();
        }
    }

    /** Pipes what is written through a program into {@code sink}; close waits for the program and checks its exit. */
    private static final class ThroughProgram extends OutputStream {
        private final Process process;
        private final OutputStream toProgram;
        private final Thread drain;
        private final AtomicReference<IOException> failure = new AtomicReference<>();
        private final String name;

        ThroughProgram(List<String> command, OutputStream sink) throws IOException {
            name = Path.of(command.get(0)).getFileName().toString();
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            toProgram = process.getOutputStream();
            drain = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    in.transferTo(sink);
                } catch (IOException e) {
                    failure.set(e);
                }
            }, name + "-out");
            drain.setDaemon(true);
            drain.start();
        }

        @Override public void write(int b) throws IOException {
            toProgram.write(b);
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            toProgram.write(b, off, len);
        }

        @Override public void close() throws IOException {
            toProgram.close();
            try {
                drain.join();
                int exit = process.waitFor();
                if (failure.get() != null) throw failure.get();
                if (exit != 0) throw new IOException(name + " failed (exit " + exit + ")");
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while " + name + " ran", e);
            }
        }
    }

    private static InputStream fromProgram(List<String> command, InputStream source) throws IOException {
        String name = Path.of(command.get(0)).getFileName().toString();
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread feed = new Thread(() -> {
            try (OutputStream to = process.getOutputStream(); source) {
                source.transferTo(to);
            } catch (IOException ignored) {
                // the program stopped reading: its exit code tells why
            }
        }, name + "-in");
        feed.setDaemon(true);
        feed.start();
        return new FilterInputStream(process.getInputStream()) {
            @Override public void close() throws IOException {
                super.close();
                try {
                    feed.join();
                    int exit = process.waitFor();
                    if (exit != 0) throw new IOException(name + " failed (exit " + exit + ") while decompressing");
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while " + name + " ran", e);
                }
            }
        };
    }
}
