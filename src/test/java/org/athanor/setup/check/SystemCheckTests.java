package org.athanor.setup.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigLoader;
import org.athanor.programs.Programs;
import org.athanor.setup.upgrade.UpgradeVersionCheck;
import org.athanor.setup.check.CheckLine.Status;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("check:system")
class SystemCheckTests {
    static final String KEY = "0123456789abcdef0123456789abcdef";

    @TempDir Path dir;

    @Nested @DisplayName("on a machine without ffmpeg")
    class WithoutFfmpeg {
        @Test @DisplayName("warns naming the Debian package, and exits 1 when nothing else is wrong")
        void warnsWithPackage() throws Exception {
            Programs withoutFfmpeg = new Programs(List.of(pathWithout("ffmpeg")));
            CheckResult result = systemCheck(dir.resolve("program"), withoutFfmpeg).run(dir.resolve("program/config/configuration.yml"));

            assertThat(result.line("ffmpeg")).hasValueSatisfying(l -> {
                assertThat(l.status()).isEqualTo(Status.WARNING);
                assertThat(l.message()).isEqualTo("not found on the PATH; without it Athanor does no video and audio subdefinitions");
                assertThat(l.advice()).isEqualTo("Install the Debian package ffmpeg (apt-get install ffmpeg).");
            });
            assertThat(result.withStatus(Status.ERROR)).isEmpty();
            assertThat(result.exitCode()).isEqualTo(1);
        }
    }

    @Nested @DisplayName("with the programs installed")
    class WithPrograms {
        @Test @DisplayName("shows each one's path and version")
        void showsVersions() {
            CheckResult result = systemCheck(dir.resolve("program"), Programs.system()).run(Optional.empty());

            assertThat(result.line("ffmpeg")).hasValueSatisfying(l -> {
                assertThat(l.status()).isEqualTo(Status.OK);
                assertThat(l.message()).contains("/ffmpeg: ffmpeg version ");
            });
            assertThat(result.line("exiftool")).hasValueSatisfying(l -> assertThat(l.message()).matches(".*/exiftool: \\d+\\.\\d+"));
            assertThat(result.line("Java")).hasValueSatisfying(l -> assertThat(l.message()).startsWith(Runtime.version().toString()));
            assertThat(result.lines()).extracting(CheckLine::subject).contains("memory", "CPUs", "data root", "data folder", "tmp folder",
                    "log folder", "backup folder", "charset", "time zone", "open files");
        }

        @Test @DisplayName("checks the dump tools of the configured engine")
        void dumpTools() {
            AthanorConfig config = ConfigLoader.parse(config("postgresql"), dir.resolve("program/config/configuration.yml"));
            CheckResult withTools = systemCheck(dir.resolve("program"), Programs.system()).run(Optional.of(config));
            CheckResult without = systemCheck(dir.resolve("program"), new Programs(List.of(dir))).run(Optional.of(config));

            assertThat(withTools.line("pg_dump")).hasValueSatisfying(l -> assertThat(l.status()).isEqualTo(Status.OK));
            assertThat(without.line("pg_dump")).hasValueSatisfying(l -> {
                assertThat(l.status()).isEqualTo(Status.WARNING);
                assertThat(l.advice()).contains("postgresql-client");
            });
            assertThat(without.line("psql")).isPresent();
        }

        @Test @DisplayName("a configured program that is not there is an error")
        void configuredProgramMissing() {
            String yaml = config("h2") + "    binaries:\n        ffmpeg_binary: /nowhere/ffmpeg\n";
            AthanorConfig config = ConfigLoader.parse(yaml, dir.resolve("program/config/configuration.yml"));
            CheckResult result = systemCheck(dir.resolve("program"), Programs.system()).run(Optional.of(config));

            assertThat(result.line("ffmpeg")).hasValueSatisfying(l -> {
                assertThat(l.status()).isEqualTo(Status.ERROR);
                assertThat(l.message()).isEqualTo("main.binaries.ffmpeg_binary is /nowhere/ffmpeg, which is not an executable file");
            });
            assertThat(result.exitCode()).isEqualTo(2);
        }
    }

    @Nested @DisplayName("folders")
    class Folders {
        @Test @DisplayName("data root inside the program folder is an error (exit 2)")
        void dataInsideProgram() {
            Path program = dir.resolve("program");
            AthanorConfig config = ConfigLoader.parse(config("h2").replace("data: ../data", "data: data"), program.resolve("config/configuration.yml"));
            CheckResult result = systemCheck(program, Programs.system()).run(Optional.of(config));

            assertThat(result.line("data root")).hasValueSatisfying(l -> {
                assertThat(l.status()).isEqualTo(Status.ERROR);
                assertThat(l.message()).isEqualTo(program.resolve("data") + " is inside the program folder " + program);
                assertThat(l.advice()).contains("an upgrade replaces that folder").contains(dir.resolve("athanor-data").toString());
            });
            assertThat(result.exitCode()).isEqualTo(2);
        }

        @Test @DisplayName("data root beside the program folder is fine")
        void dataBesideProgram() {
            AthanorConfig config = ConfigLoader.parse(config("h2"), dir.resolve("program/config/configuration.yml"));
            CheckResult result = systemCheck(dir.resolve("program"), Programs.system()).run(Optional.of(config));

            assertThat(result.line("data root")).hasValueSatisfying(l -> assertThat(l.status()).isEqualTo(Status.OK));
        }

        @Test @DisplayName("a folder that is not writable is an error naming the fix")
        void notWritable() throws Exception {
            Path locked = Files.createDirectories(dir.resolve("locked"));
            locked.toFile().setWritable(false, false);
            try {
                CheckLine line = SystemCheck.folder("data folder", locked.resolve("data"));
                if (System.getProperty("user.name").equals("root")) {
                    assertThat(line.status()).isEqualTo(Status.OK);        // root writes anywhere
                } else {
                    assertThat(line.status()).isEqualTo(Status.ERROR);
                    assertThat(line.advice()).startsWith("Run: chown -R ");
                }
            } finally {
                locked.toFile().setWritable(true, false);
            }
        }

        @Test @DisplayName("a folder that does not exist yet but can be made is fine")
        void creatable() {
            CheckLine line = SystemCheck.folder("tmp folder", dir.resolve("a/b/c"));
            assertThat(line.status()).isIn(Status.OK, Status.WARNING);
            assertThat(line.message()).contains("(will be created), writable, ");
        }
    }

    @Test @DisplayName("a broken configuration.yml is an error line, not a crash")
    void brokenConfiguration() throws Exception {
        Path file = Files.createDirectories(dir.resolve("program/config")).resolve("configuration.yml");
        Files.writeString(file, "servername: 'http://x/'\nmain:\n    maintenace: true\n");
        CheckResult result = systemCheck(dir.resolve("program"), Programs.system()).run(file);

        assertThat(result.line("configuration")).hasValueSatisfying(l -> {
            assertThat(l.status()).isEqualTo(Status.ERROR);
            assertThat(l.message()).contains(file + ":3:").contains("main.maintenace");
        });
        assertThat(result.exitCode()).isEqualTo(2);
    }

    @Test @DisplayName("only reports: an H2 db folder others may read (0755) is the same error, exit 2, at every run, and keeps its mode")
    void reportsWithoutFixingModes() throws Exception {
        try (org.athanor.testing.TestInstallation installation = org.athanor.testing.TestInstallation.install(org.athanor.db.Engine.H2, dir)) {
            Path db = installation.dataPath().resolve("db");
            var open = java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x");
            Files.setPosixFilePermissions(db, open);

            for (int run = 1; run <= 2; run++) {
                org.athanor.cli.ConsoleForTests.Result check = org.athanor.cli.ConsoleForTests.setup("check:system", "--config",
                        installation.configFile().toString());
                assertThat(check.exitCode()).as("run " + run + ":\n" + check.out() + check.err()).isEqualTo(2);
                assertThat(check.out() + check.err()).as("run " + run).contains("group or others may access " + db);
                assertThat(Files.getPosixFilePermissions(db)).as("mode of " + db + " after run " + run).isEqualTo(open);
            }
        }
    }

    @Test @DisplayName("exit codes: 0 all OK, 1 only warnings, 2 any error")
    void exitCodes() {
        CheckLine ok = CheckLine.ok("a", "fine");
        CheckLine warning = CheckLine.warning("b", "meh", "do this");
        CheckLine error = CheckLine.error("c", "broken", "do that");
        assertThat(new CheckResult(List.of(ok)).exitCode()).isZero();
        assertThat(new CheckResult(List.of(ok, warning)).exitCode()).isEqualTo(1);
        assertThat(new CheckResult(List.of(error, warning, ok)).exitCode()).isEqualTo(2);
    }

    // ---

    /** A folder of scripts that run every program on the PATH that Athanor checks, but {@code missing}. */
    private Path pathWithout(String missing) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Programs real = Programs.system();
        for (SystemCheck.Tool tool : SystemCheck.TOOLS) {
            for (String name : tool.names()) {
                if (name.equals(missing)) continue;
                Optional<Path> found = real.find(name);
                if (found.isPresent()) {
                    Path stand = Files.writeString(bin.resolve(name), "#!/bin/sh\nexec '" + found.get() + "' \"$@\"\n");
                    stand.toFile().setExecutable(true);
                }
            }
        }
        return bin;
    }

    /** The check as {@code bin/setup check:system} builds it, for the program folder {@code program}. */
    static SystemCheck systemCheck(Path program, Programs programs) {
        return new SystemCheck(program, programs, new UpgradeVersionCheck(program));
    }

    static String config(String driver) {
        String database = driver.equals("h2") ? "        driver: h2\n        path: ../data/db/appbox\n"
                : "        driver: " + driver + "\n        host: 127.0.0.1\n        user: athanor\n        dbname: ab_athanor\n";
        return "servername: 'http://127.0.0.1:8080/'\nmain:\n    key: '" + KEY + "'\n    database:\n" + database
                + "    storage:\n        data: ../data\n";
    }
}
