package org.athanor.setup.backup;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.programs.ExternalProgram;
import org.athanor.programs.Programs;

/** How the dump files of a backup set are compressed: not at all, gzip (in Java) or bzip2 (the {@code bzip2} program). */
public enum Compression {
    /** Plain SQL files. */
    NONE("none", ""),
    /** gzip, done in Java. */
    GZIP("gzip", ".gz"),
    /** bzip2, done by the {@code bzip2} program (Debian package bzip2), as Phraseanet's backup-db does. */
    BZIP2("bzip2", ".bz2");

    private static final int GZIP_BUFFER = 64 * 1024;
    private static final int PIPE = 256 * 1024;

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
    void requireTools(Programs programs) {
        if (this == BZIP2) bzip2(programs);
    }

    /** Return a stream that compresses what is written into {@code sink}; closing it finishes the compression, not the sink. */
    OutputStream compress(OutputStream sink, Programs programs) throws IOException {
        switch (this) {
            case GZIP:
                return new GZIPOutputStream(new KeepOpen(sink), GZIP_BUFFER);
            case BZIP2:
                return throughProgram(List.of(bzip2(programs).toString(), "-c", "-9"), sink);
            default:
                return new KeepOpen(sink);
        }
    }

    /** Return a stream of the decompressed content of {@code source}. */
    InputStream decompress(InputStream source, Programs programs) throws IOException {
        switch (this) {
            case GZIP:
                return new GZIPInputStream(source, GZIP_BUFFER);
            case BZIP2:
                return fromProgram(List.of(bzip2(programs).toString(), "-d", "-c"), source);
            default:
                return source;
        }
    }

    private static Path bzip2(Programs programs) {
        return programs.require(List.of("bzip2"), "bzip2", "compress backups with --bzip2 (or use --gzip)");
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

    /** Return a stream that pipes what is written through {@code command} into {@code sink}; close waits for the program. */
    private static OutputStream throughProgram(List<String> command, OutputStream sink) throws IOException {
        PipedInputStream toProgram = new PipedInputStream(PIPE);
        PipedOutputStream writer = new PipedOutputStream(toProgram);
        Background run = new Background(command.get(0), () -> ExternalProgram.of(command).input(toProgram).output(sink, null).runOk());
        return new FilterOutputStream(writer) {
            @Override public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override public void close() throws IOException {
                super.close();
                run.finish();
            }
        };
    }

    /** Return the output of {@code command} fed with {@code source}; the end of the stream is an error when the program failed. */
    private static InputStream fromProgram(List<String> command, InputStream source) throws IOException {
        PipedOutputStream fromProgram = new PipedOutputStream();
        PipedInputStream reader = new PipedInputStream(fromProgram, PIPE);
        Background run = new Background(command.get(0), () -> {
            try (fromProgram) {
                ExternalProgram.of(command).input(source).output(fromProgram, null).runOk();
            }
        });
        return new FilterInputStream(reader) {
            @Override public int read() throws IOException {
                int b = super.read();
                if (b < 0) run.finish();
                return b;
            }

            @Override public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) run.finish();
                return n;
            }

            @Override public void close() throws IOException {
                try (source) {
                    super.close();
                }
                run.finish();
            }
        };
    }

    /** A program run on its own thread; {@link #finish} waits for it and throws what it threw. */
    private static final class Background {
        private final Thread thread;
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        Background(String program, Body body) {
            thread = new Thread(() -> {
                try {
                    body.run();
                } catch (Exception e) {
                    failure.set(e);
                }
            }, Path.of(program).getFileName() + "-pipe");
            thread.setDaemon(true);
            thread.start();
        }

        void finish() throws IOException {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + thread.getName(), e);
            }
            Exception e = failure.get();
            if (e instanceof IOException io) throw io;
            if (e instanceof RuntimeException r) throw r;
        }

        @FunctionalInterface
        interface Body {
            void run() throws IOException;
        }
    }
}
