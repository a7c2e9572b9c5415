package org.athanor.setup.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Asks an external program for its version ({@code ffmpeg -version}…) and keeps the first line of its answer. */
final class ToolVersion {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_LENGTH = 120;

    private ToolVersion() {}

    /** Return the first non-empty line the program prints with {@code args}; empty when it fails or takes too long. */
    static Optional<String> of(Path program, List<String> args) {
        Path out = null;
        try {
            out = Files.createTempFile("athanor-version-", ".txt");
            List<String> command = new ArrayList<>();
            command.add(program.toString());
            command.addAll(args);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return Optional.empty();
            }
            for (String line : Files.readAllLines(out, StandardCharsets.ISO_8859_1)) {
                String l = line.strip();
                if (!l.isEmpty()) return Optional.of(l.length() > MAX_LENGTH ? l.substring(0, MAX_LENGTH) + "…" : l);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temporary file left in /tmp
                }
            }
        }
    }
}
