package org.athanor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.athanor.db.Engine;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The configuration watcher")
class ConfigWatcherTests {
    @TempDir Path dir;

    @Test @DisplayName("picks up maintenance and its message within 2 s, and keeps the last good configuration when the file breaks")
    void reloadsAndKeepsLastGood() throws Exception {
        try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
            Path file = t.configFile();
            var seen = new CopyOnWriteArrayList<AthanorConfig>();
            CountDownLatch reloaded = new CountDownLatch(1);
            try (ConfigWatcher w = new ConfigWatcher(ConfigLoader.load(file), c -> {
                seen.add(c);
                reloaded.countDown();
            }).start()) {
                assertThat(w.current().main().maintenance()).isFalse();
                String before = Files.readString(file);
                ConfigWriter.setValues(file, Map.of("main.maintenance", true, "registry.maintenance.message", "Back at 14:00"));
                assertThat(Files.readString(file)).contains(before.lines().filter(l -> l.strip().startsWith("#")).findFirst().orElse("#"));
                assertThat(reloaded.await(2, TimeUnit.SECONDS)).as("reloaded within 2 s").isTrue();
                assertThat(w.current().main().maintenance()).isTrue();
                assertThat(w.current().registry().maintenanceMessage()).isEqualTo("Back at 14:00");
                assertThat(seen).hasSize(1);

                Files.writeString(file, "main: [this is: not: valid\n");
                assertThat(w.check()).isFalse();
                assertThat(w.current().main().maintenance()).as("last good configuration kept").isTrue();
                Files.writeString(file, before);
                assertThat(w.check()).isTrue();
                assertThat(w.current().main().maintenance()).isFalse();
            }
        }
    }
}
