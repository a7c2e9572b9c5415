package org.athanor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.athanor.core.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Writing configuration.yml")
class ConfigWriterTests {
    static final String COMMENTED = """
            # Athanor configuration

            servername: 'http://127.0.0.1:8080/'   # the public address
            main:
                # maintenance switch
                maintenance: false  # flip me
                key: '%s'
                database:
                    driver: h2
                    path: db/appbox

                storage:
                    data: /srv/athanor-data
            registry:
                maintenance:
                    message:
                    retry-after: 120
            # the end
            """.formatted(ConfigLoaderTests.KEY);

    @TempDir
    Path home;
    Path file;

    @BeforeEach
    void createFile() throws IOException {
        file = home.resolve("config/configuration.yml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, COMMENTED);
    }

    @Nested
    @DisplayName("setValue")
    class SetValue {
        @Test
        @DisplayName("changes one scalar and keeps every comment, blank line and the order")
        void changesOneScalarAndKeepsTheRest() throws IOException {
            ConfigWriter.setValue(file, "main.maintenance", true);

            assertThat(Files.readString(file)).isEqualTo(COMMENTED.replace("maintenance: false  # flip me", "maintenance: true  # flip me"));
            assertThat(ConfigLoader.load(file).main().maintenance()).isTrue();
        }

        @Test
        @DisplayName("quotes strings so they read back exactly")
        void quotesStrings() throws IOException {
            ConfigWriter.setValue(file, "servername", "https://dam.example.org/it's/");

            assertThat(Files.readString(file)).isEqualTo(COMMENTED.replace("'http://127.0.0.1:8080/'   #",
                    "'https://dam.example.org/it''s/'   #"));
            assertThat(ConfigLoader.load(file).servername()).isEqualTo("https://dam.example.org/it's/");
        }

        @Test
        @DisplayName("fills a key that has no value yet")
        void fillsAnEmptyValue() throws IOException {
            ConfigWriter.setValue(file, "registry.maintenance.message", "Mise à jour en cours\n« bientôt »");

            assertThat(Files.readString(file)).isEqualTo(COMMENTED.replace("message:\n",
                    "message: \"Mise à jour en cours\\n« bientôt »\"\n"));
            assertThat(ConfigLoader.load(file).registry().maintenanceMessage()).isEqualTo("Mise à jour en cours\n« bientôt »");
        }

        @Test
        @DisplayName("adds a missing key at the end of its parent, indented like its siblings")
        void addsAMissingKey() throws IOException {
            ConfigWriter.setValue(file, "main.database.user", "athanor");

            assertThat(Files.readString(file)).isEqualTo(COMMENTED.replace("        path: db/appbox\n",
                    "        path: db/appbox\n        user: 'athanor'\n"));
        }

        @Test
        @DisplayName("creates missing parents")
        void createsMissingParents() throws IOException {
            ConfigWriter.setValue(file, "main.task-manager.options.stop-deadline", java.time.Duration.ofSeconds(45));
            ConfigWriter.setValue(file, "http.port", 9090);

            assertThat(Files.readString(file)).isEqualTo(COMMENTED
                    .replace("        data: /srv/athanor-data\n",
                            "        data: /srv/athanor-data\n    task-manager:\n        options:\n            stop-deadline: 45\n")
                    .replace("        retry-after: 120\n", "        retry-after: 120\nhttp:\n    port: 9090\n"));
            AthanorConfig c = ConfigLoader.load(file);
            assertThat(c.main().taskManager().stopDeadline()).hasSeconds(45);
            assertThat(c.http().port()).isEqualTo(9090);
        }

        @Test
        @DisplayName("keeps Windows line endings")
        void keepsWindowsLineEndings() throws IOException {
            Files.writeString(file, COMMENTED.replace("\n", "\r\n"));

            ConfigWriter.setValue(file, "main.database.user", "athanor");

            assertThat(Files.readString(file)).isEqualTo(COMMENTED.replace("        path: db/appbox\n",
                    "        path: db/appbox\n        user: 'athanor'\n").replace("\n", "\r\n"));
        }

        @Test
        @DisplayName("writes nothing when the result would not load")
        void writesNothingWhenTheResultWouldNotLoad() throws IOException {
            assertThatThrownBy(() -> ConfigWriter.setValue(file, "main.maintenace", true))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("Setting main.maintenace to true would leave " + file + " invalid, so nothing was written:\n"
                            + file + ":14:5: main.maintenace: unknown key. Did you mean 'maintenance'?");
            assertThatThrownBy(() -> ConfigWriter.setValue(file, "registry.maintenance.retry-after", "soon"))
                    .hasMessageEndingWith(file + ":17:22: registry.maintenance.retry-after: expected a whole number of seconds, "
                            + "0 or more, found 'soon'. Example: retry-after: 120");

            assertThat(Files.readString(file)).isEqualTo(COMMENTED);
            assertThat(filesIn(file.getParent())).containsExactly("configuration.yml");
        }

        @Test
        @DisplayName("refuses a key that holds a mapping")
        void refusesAMapping() {
            assertThatThrownBy(() -> ConfigWriter.setValue(file, "main.database", "x"))
                    .hasMessage("main.database holds a mapping, not a single value; set one of its keys instead")
                    .extracting(e -> ((ConfigException) e).code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
        }

        @Test
        @DisplayName("leaves no temporary file and sets mode 0600")
        void leavesNoTemporaryFileAndSetsMode0600() throws IOException {
            ConfigWriter.setValue(file, "main.maintenance", true);

            assertThat(filesIn(file.getParent())).containsExactly("configuration.yml");
            assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Nested
    @DisplayName("write")
    class Write {
        @Test
        @DisplayName("replaces the file whole, with mode 0600 and no temporary file left")
        void replacesTheFileWhole() throws IOException {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

            ConfigWriter.write(file, "servername: 'http://x/'\n");

            assertThat(Files.readString(file)).isEqualTo("servername: 'http://x/'\n");
            assertThat(filesIn(file.getParent())).containsExactly("configuration.yml");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }

        @Test
        @DisplayName("creates the file and its folder")
        void createsTheFile() throws IOException {
            Path fresh = home.resolve("other/config/configuration.yml");

            ConfigWriter.write(fresh, "a: 1\n");

            assertThat(Files.readString(fresh)).isEqualTo("a: 1\n");
        }
    }

    private static List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
