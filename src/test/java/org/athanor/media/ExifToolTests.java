package org.athanor.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ExifTool -stay_open")
class ExifToolTests {
    private static final Path EXIFTOOL = Path.of("/usr/bin/exiftool");

    /** The ExifTool processes (perl running exiftool) carrying the marker of {@code owner}. */
    private static List<ProcessHandle> exiftoolsOf(long owner) {
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                        .map(a -> List.of(a).contains(ExifTool.MARKER + owner) && !List.of(a).contains("-c")).orElse(false))
                .toList();
    }

    private static boolean gone(long pid, Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until) {
            if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) return true;
            Thread.sleep(100);
        }
        return false;
    }

    @Test @DisplayName("answers a call and stops its process on close")
    void answersAndCloses() throws Exception {
        long pid;
        try (ExifTool tool = new ExifTool(EXIFTOOL, Duration.ofSeconds(30))) {
            assertThat(tool.execute(List.of("-ver")).out().strip()).matches("\\d+\\.\\d+");
            List<ProcessHandle> mine = exiftoolsOf(ProcessHandle.current().pid());
            assertThat(mine).hasSize(1);
            pid = mine.get(0).pid();
        }
        assertThat(gone(pid, Duration.ofSeconds(5))).isTrue();
    }

    @Test @DisplayName("kill -9 of the JVM that opened ExifTool: the ExifTool process is gone within a few seconds")
    void exiftoolDiesWithItsJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Holder.class.getName(), EXIFTOOL.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("the holder JVM reports ExifTool ready").startsWith("ready ");
            List<ProcessHandle> held = exiftoolsOf(jvm.pid());
            assertThat(held).as("one ExifTool marked with the holder's pid").hasSize(1);
            long exiftool = held.get(0).pid();

            new ProcessBuilder("kill", "-9", String.valueOf(jvm.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(gone(exiftool, Duration.ofSeconds(5))).as("ExifTool " + exiftool + " stopped after its JVM died").isTrue();
        } finally {
            jvm.destroyForcibly();
        }
    }

    @Test @DisplayName("the next start stops an ExifTool whose owner died, and leaves a live owner's alone")
    void nextStartReapsOrphans() throws Exception {
        // an ExifTool started directly (no watcher), marked with the pid of a process that has ended
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Process orphan = new ProcessBuilder(EXIFTOOL.toString(), "-stay_open", "True", "-@", "-", "-common_args",
                "-userParam", ExifTool.MARKER + dead.pid()).start();
        try (ExifTool live = new ExifTool(EXIFTOOL, Duration.ofSeconds(30))) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (exiftoolsOf(dead.pid()).isEmpty() && System.nanoTime() < until) Thread.sleep(50);   // perl has started
            assertThat(exiftoolsOf(dead.pid())).hasSize(1);
            assertThat(live.execute(List.of("-ver")).out().strip()).matches("\\d+\\.\\d+");
            assertThat(orphan.waitFor(5, TimeUnit.SECONDS)).as("the orphan was stopped by the start").isTrue();
            Optional<ProcessHandle> mine = exiftoolsOf(ProcessHandle.current().pid()).stream().findFirst();
            assertThat(mine).isPresent();
            assertThat(ExifTool.reapOrphans()).isZero();
            assertThat(mine.get().isAlive()).isTrue();
        } finally {
            orphan.destroyForcibly();
        }
    }

    // ---

    /** A JVM that opens ExifTool, says so, and waits to be killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            ExifTool tool = new ExifTool(Path.of(args[0]), Duration.ofSeconds(30));
            System.out.println("ready " + tool.execute(List.of("-ver")).out().strip());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
