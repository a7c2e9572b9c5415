package org.athanor.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code main.binaries}: where the external tools are, and how long each may run.
 *
 * <p>Tools are named without the {@code _binary} suffix ({@code exiftool}, {@code ffmpeg}…, see {@link #BINARIES});
 * a tool absent from {@code binaries} is looked up on the {@code PATH}. Timeouts are named without the
 * {@code _timeout} suffix ({@code exiftool}, {@code ffmpeg}, {@code ffprobe}, {@code gs}, {@code libreoffice});
 * {@link #timeout(String)} also accepts {@code ghostscript} for {@code gs}.
 *
 * @param binaries the tools whose path the file sets; absolute once loaded
 * @param timeouts every timeout, defaults applied
 */
public record BinariesConfig(Map<String, Path> binaries, Map<String, Duration> timeouts) {
    /** The tools a path may be given for. */
    public static final List<String> BINARIES = List.of("exiftool", "ffmpeg", "ffprobe", "vips", "vipsthumbnail",
            "convert", "ghostscript", "pdftotext", "libreoffice");
    /** The timeouts and their defaults, in the order of the file. */
    public static final Map<String, Duration> DEFAULT_TIMEOUTS = defaultTimeouts();
    /** Every tool on the PATH, every timeout at its default. */
    public static final BinariesConfig DEFAULT = new BinariesConfig(Map.of(), DEFAULT_TIMEOUTS);

    public BinariesConfig {
        for (String name : binaries.keySet()) {
            if (!BINARIES.contains(name)) {
                throw new ConfigException("main.binaries: unknown tool '" + name + "'; known tools: " + String.join(", ", BINARIES));
            }
        }
        binaries = Map.copyOf(binaries);
        Map<String, Duration> all = new LinkedHashMap<>(DEFAULT_TIMEOUTS);
        for (var e : timeouts.entrySet()) {
            if (!DEFAULT_TIMEOUTS.containsKey(e.getKey())) {
                throw new ConfigException("main.binaries: unknown timeout '" + e.getKey() + "'; known timeouts: "
                        + String.join(", ", DEFAULT_TIMEOUTS.keySet()));
            }
            if (e.getValue().isNegative() || e.getValue().isZero()) {
                throw new ConfigException("main.binaries." + e.getKey() + "_timeout: expected 1 or more seconds, found " + e.getValue().toSeconds());
            }
            all.put(e.getKey(), e.getValue());
        }
        timeouts = Map.copyOf(all);
    }

    /**
     * Return the path the file gives for a tool, or empty to look it up on the {@code PATH}.
     *
     * @param name a tool of {@link #BINARIES}, e.g. {@code exiftool}
     * @throws IllegalArgumentException for an unknown tool
     */
    public Optional<Path> binary(String name) {
        if (!BINARIES.contains(name)) {
            throw new IllegalArgumentException("Unknown tool '" + name + "'; known tools: " + String.join(", ", BINARIES));
        }
        return Optional.ofNullable(binaries.get(name));
    }

    /**
     * Return how long a tool may run.
     *
     * @param name {@code exiftool}, {@code ffmpeg}, {@code ffprobe}, {@code gs} (or {@code ghostscript}) or {@code libreoffice}
     * @throws IllegalArgumentException for a tool without a timeout
     */
    public Duration timeout(String name) {
        Duration d = timeouts.get("ghostscript".equals(name) ? "gs" : name);
        if (d == null) {
            throw new IllegalArgumentException("No timeout for '" + name + "'; tools with a timeout: " + String.join(", ", DEFAULT_TIMEOUTS.keySet()));
        }
        return d;
    }

    private static Map<String, Duration> defaultTimeouts() {
        Map<String, Duration> m = new LinkedHashMap<>();
        m.put("exiftool", Duration.ofSeconds(60));
        m.put("ffmpeg", Duration.ofSeconds(3600));
        m.put("ffprobe", Duration.ofSeconds(60));
        m.put("gs", Duration.ofSeconds(60));
        m.put("libreoffice", Duration.ofSeconds(300));
        return Collections.unmodifiableMap(m);
    }
}
