package org.athanor.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.athanor.Athanor;
import org.athanor.core.Progress;
import org.athanor.ids.CollId;
import org.athanor.databox.RecordStore;
import org.athanor.databox.RecordType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A populate killed with SIGKILL in its own JVM resumes from its last checkpoint when run again. */
@DisplayName("searchengine:index:populate killed with SIGKILL")
class PopulateKillIT {
    static final int RECORDS = 8_000;

    @Test void resumesFromItsLastCheckpoint(@TempDir Path dir) throws Exception {
        try (SearchFixture f = new SearchFixture(dir)) {
            CollId coll = f.athanor.registry().collection(f.photos).collId();
            int headline = f.athanor.databoxes().structure(f.databox).fieldId("Headline").orElseThrow();
            for (int batch = 0; batch < RECORDS / 1000; batch++) {
                int b = batch;
                f.athanor.records().change(f.databox, h -> {
                    for (int i = 0; i < 1000; i++) {
                        var id = h.create(new RecordStore.NewRecord(coll, RecordType.IMAGE, "image/jpeg", "sha" + b + "_" + i,
                                java.util.UUID.randomUUID().toString(), "f.jpg", 0, false, false), null, "test");
                        h.putCaption(id, Map.of(headline, List.of("photo " + (b * 1000 + i))));
                    }
                    return null;
                });
            }
            f.athanor.close();
            Path index = f.installation.dataPath().resolve("index");

            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), "org.athanor.cli.ConsoleMain",
                    "--config", f.installation.configFile().toString(), "searchengine:index:populate")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("child.err").toFile()).start();
            long killedAt = -1;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline && child.isAlive()) {
                long done = checkpointed(index);
                if (done >= 1000) {
                    child.destroyForcibly();     // SIGKILL: no shutdown hook, no close
                    killedAt = done;
                    break;
                }
                Thread.sleep(20);
            }
            child.waitFor(30, TimeUnit.SECONDS);
            assertThat(killedAt).as("killed after a checkpoint and before the end; child stderr: " + Files.readString(dir.resolve("child.err")))
                    .isBetween(1000L, RECORDS - 1L);

            try (Athanor again = f.installation.open()) {
                SearchService search = again.search();
                assertThat(search.status().building()).isGreaterThanOrEqualTo(killedAt);
                var report = search.populate(Progress.NONE);
                assertThat(report.resumed()).isTrue();
                assertThat(report.indexed()).isLessThanOrEqualTo(RECORDS - killedAt);
                assertThat(search.status().documents()).isEqualTo(RECORDS);
                assertThat(search.status().building()).isNull();
                assertThat(search.search("photo", null, Set.of(), SearchSort.RELEVANCE, 0, 1, false, false).total()).isEqualTo(RECORDS);
            }
        }
    }

    /** Records the build in progress has checkpointed, from its populate.properties; 0 when none. */
    static long checkpointed(Path index) {
        try {
            Path pointer = index.resolve("building");
            if (!Files.isRegularFile(pointer)) return 0;
            Path file = index.resolve(Files.readString(pointer).strip()).resolve("populate.properties");
            if (!Files.isRegularFile(file)) return 0;
            Properties p = new Properties();
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            }
            return Long.parseLong(p.getProperty("done", "0"));
        } catch (Exception e) {
            return 0;   // being rewritten: read again
        }
    }
}
