package org.athanor.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Operations through the distribution's launchers")
class OperationsIT {
    @TempDir Path dir;

    @Test @DisplayName("check:system before install, then install, backup-db, restore-db from bin/setup and check:config")
    void checkBackupRestore() throws Exception {
        Path built = Path.of(System.getProperty("athanor.dist", "target/athanor-4.0.0")).toAbsolutePath();
        Path program = dir.resolve("athanor-4.0.0");
        assertThat(new ProcessBuilder("cp", "-a", built.toString(), program.toString()).inheritIO().start().waitFor()).isZero();
        String setup = program.resolve("bin/setup").toString();
        String console = program.resolve("bin/console").toString();

        DistributionIT.Result before = DistributionIT.run(dir, Map.of(), setup, "check:system");
        assertThat(before.exitCode()).as(before.out()).isIn(0, 1);
        assertThat(before.out()).contains("no installation yet").contains("[OK]      Java");

        DistributionIT.Result install = DistributionIT.run(dir, Map.of(), setup, "-q", "system:install", "--yes",
                "--email", "admin@example.org", "--password", "a long secret", "--data-path", dir.resolve("athanor-data").toString());
        assertThat(install.exitCode()).as(install.err()).isZero();

        DistributionIT.Result backup = DistributionIT.run(dir, Map.of(), console, "system:backup-db", "--bzip");
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        assertThat(backup.out()).contains(": complete").contains("appbox.sql.bz2");
        Path set;
        try (Stream<Path> sets = Files.list(dir.resolve("athanor-data/backups"))) {
            set = sets.findFirst().orElseThrow();
        }

        DistributionIT.Result restore = DistributionIT.run(dir, Map.of(), setup, "system:restore-db", set.toString(), "--yes");
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("Restored from " + set);

        DistributionIT.Result check = DistributionIT.run(dir, Map.of(), console, "check:config", "--format", "json");
        assertThat(check.exitCode()).as(check.out()).isIn(0, 1);
        assertThat(check.out()).contains("\"subject\" : \"appbox schema\"");
    }
}
