package org.athanor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.athanor.Athanor;
import org.athanor.cli.Cli;
import org.athanor.ids.DataboxId;
import org.athanor.db.Engine;
import org.athanor.testing.Await;
import org.athanor.testing.OnEveryEngine;
import org.athanor.testing.TestInstallation;
import org.athanor.testing.TestMedia;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Two records:add processes at once")
class ConcurrentIngestTests {
    private static final int FILES = 60;
    @TempDir Path dir;

    @OnEveryEngine
    @DisplayName("adding the same 60 files from two JVMs at once makes 60 records; every second copy goes to the lazaret")
    void sameFolderFromTwoProcesses(Engine engine) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("incoming"));
        byte[] jpeg = Files.readAllBytes(TestMedia.phraseanet("p4logo.jpg"));
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < FILES; i++) {
            // the same picture with a different trailing comment-free byte run after the end-of-image marker: 60 distinct files
            byte[] b = java.util.Arrays.copyOf(jpeg, jpeg.length + 8);
            byte[] tag = String.format("%08d", i).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(tag, 0, b, jpeg.length, 8);
            Files.write(folder.resolve(String.format("photo-%02d.jpg", i)), b);
            distinct.add(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b)));
        }
        assertThat(distinct).hasSize(FILES);
        try (TestInstallation t = TestInstallation.install(engine, dir.resolve("install"))) {
            Path go = dir.resolve("go");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"), Adder.class.getName(), go.toString(),
                    "--config", t.configFile().toString(), "records:add", "--collection", "1", "--nosubdefs", folder.toString());
            Process a = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("a.out").toFile()).start();
            Process b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("b.out").toFile()).start();
            try {
                Await.until("both JVMs to wait for the start file", Duration.ofSeconds(60), () -> Files.exists(dir.resolve("a.out")) && Files.readString(dir.resolve("a.out")).contains("waiting")
                        && Files.readString(dir.resolve("b.out")).contains("waiting"));
                Files.writeString(go, "go");                      // both JVMs loaded: start them at the same instant
                assertThat(a.waitFor(240, TimeUnit.SECONDS)).isTrue();
                assertThat(b.waitFor(240, TimeUnit.SECONDS)).isTrue();
            } finally {
                a.destroyForcibly();
                b.destroyForcibly();
            }
            String outA = Files.readString(dir.resolve("a.out"));
            String outB = Files.readString(dir.resolve("b.out"));
            assertThat(List.of(a.exitValue(), b.exitValue())).as(outA + outB).allMatch(c -> c == 0 || c == 4);
            Athanor athanor = t.open();
            assertThat(athanor.recordStore(new DataboxId(1)).count()).as(outA + outB).isEqualTo(FILES);
            List<Lazaret.Entry> held = athanor.lazaret().list();
            assertThat(held).hasSize(FILES);
            assertThat(held).allSatisfy(e -> assertThat(e.checks()).anyMatch(c -> c.matches(".*Sha256: same sha256 as record \\d+")));
        }
    }

    // ---

    /** {@code bin/console} in a JVM that waits for a start file first, so two of them start together. */
    public static final class Adder {
        public static void main(String[] args) throws Exception {
            Path go = Path.of(args[0]);
            System.out.println("waiting");
            System.out.flush();
            while (!Files.exists(go)) Thread.sleep(5);
            System.exit(Cli.run(Cli.Program.CONSOLE, java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
    }
}
