package org.athanor.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.athanor.config.BinariesConfig;
import org.athanor.programs.ExternalProgram;
import org.athanor.programs.Programs;

/**
 * The external tools the media code uses when installed (exiftool, ffmpeg, vipsthumbnail…) as {@code main.binaries}
 * sets them: a configured path, else the {@code PATH}; found once, run through {@link ExternalProgram} with the
 * configured timeout.
 */
public final class Tools {
    /** No external tool at all: the pure-Java paths only (tests of the fallbacks). */
    public static final Tools NONE = new Tools(BinariesConfig.DEFAULT, Programs.NONE);

    private final BinariesConfig config;
    private final Programs programs;
    private final Map<String, Optional<Path>> found = new ConcurrentHashMap<>();

    /** Tools as {@code main.binaries} says: a configured path, else this process's {@code PATH}. */
    public Tools(BinariesConfig config) {
        this(config, Programs.system());
    }

    /** Tools as {@code main.binaries} says: a configured path, else found by {@code programs}. */
    public Tools(BinariesConfig config, Programs programs) {
        this.config = config;
        this.programs = programs;
    }

    /** Return the tool's executable, or empty when it is not installed. */
    public Optional<Path> find(String name) {
        if (programs == Programs.NONE) return Optional.empty();
        return found.computeIfAbsent(name, this::lookup);
    }

    private Optional<Path> lookup(String name) {
        Optional<Path> configured = BinariesConfig.BINARIES.contains(name) ? config.binary(name) : Optional.empty();
        if (configured.isPresent()) return configured.filter(Programs::isExecutable);
        return programs.find(switch (name) {
            case "ghostscript" -> "gs";
            case "libreoffice" -> "soffice";
            default -> name;
        });
    }

    /** Return how long a tool may run: its configured timeout, or 120 s for tools without one. */
    public Duration timeout(String name) {
        try {
            return config.timeout(name);
        } catch (IllegalArgumentException e) {
            return Duration.ofSeconds(120);
        }
    }

    /** Return a run of {@code command} (the path of tool {@code name}, then its arguments) limited to the tool's timeout. */
    public ExternalProgram program(String name, List<String> command) {
        return ExternalProgram.of(command).timeout(timeout(name))
                .timeoutAdvice("raise its timeout in main.binaries if the files are that large");
    }
}
