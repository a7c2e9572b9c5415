package org.athanor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.athanor.core.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Loading configuration.yml")
class ConfigLoaderTests {
    static final Path FILE = Path.of("/srv/athanor/config/configuration.yml");
    static final String KEY = "0123456789abcdef0123456789abcdef";
    static final String MINIMAL = """
            servername: 'http://127.0.0.1:8080/'
            main:
                key: '%s'
                database:
                    driver: h2
                    path: /srv/athanor-data/db/appbox
                storage:
                    data: /srv/athanor-data
            """.formatted(KEY);

    @Nested
    @DisplayName("the shipped sample")
    class Sample {
        @Test
        @DisplayName("loads with every value it shows")
        void loadsWithEveryValueItShows() {
            AthanorConfig c = ConfigLoader.load(Path.of("src/dist/config/samples/configuration.sample.yml"));

            assertThat(c.servername()).isEqualTo("http://127.0.0.1:8080/");
            assertThat(c.languages()).isEqualTo(new LanguagesConfig(List.of("fr", "en"), "fr"));
            assertThat(c.main().maintenance()).isFalse();
            assertThat(c.main().key()).hasSizeGreaterThanOrEqualTo(32);
            assertThat(c.main().database()).isEqualTo(new DatabaseConfig(DatabaseDriver.H2, "/srv/athanor-data/db/appbox",
                    null, 0, "athanor", "", null));
            assertThat(c.main().storage()).isEqualTo(new StorageConfig(Path.of("/srv/athanor-data"),
                    Path.of("/srv/athanor-data/cache"), Path.of("/srv/athanor-data/logs"), Path.of("/srv/athanor-data/tmp"),
                    Path.of("/srv/athanor-data/lazaret"), Path.of("/srv/athanor-data/download"), Path.of("/srv/athanor-data/backups")));
            assertThat(c.main().searchEngine().type()).isEqualTo("lucene");
            assertThat(c.main().searchEngine().lucenePath()).isEqualTo(Path.of("/srv/athanor-data/index"));
            assertThat(c.main().taskManager()).isEqualTo(TaskManagerConfig.DEFAULT);
            assertThat(c.main().binaries()).isEqualTo(BinariesConfig.DEFAULT);
            assertThat(c.session()).isEqualTo(new SessionConfig(Duration.ZERO, Duration.ofSeconds(604800)));
            assertThat(c.registry()).isEqualTo(new RegistryConfig("Athanor", "", Duration.ofSeconds(120)));
            assertThat(c.http()).isEqualTo(new HttpConfig("127.0.0.1", 8080));
        }

        @Test
        @DisplayName("has a comment above every key")
        void hasACommentAboveEveryKey() throws Exception {
            List<String> lines = Files.readAllLines(Path.of("src/dist/config/samples/configuration.sample.yml"));
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                String before = lines.get(i - 1).strip();
                boolean timeoutGroup = line.matches("[a-z]+_timeout: [0-9]+");
                assertThat(before.startsWith("#") || timeoutGroup)
                        .as("line %d '%s' has a comment above it", i + 1, line).isTrue();
            }
        }
    }

    @Nested
    @DisplayName("defaults")
    class Defaults {
        @Test
        @DisplayName("apply to every optional key")
        void applyToEveryOptionalKey() {
            AthanorConfig c = ConfigLoader.parse(MINIMAL, FILE);

            assertThat(c.languages()).isEqualTo(LanguagesConfig.DEFAULT);
            assertThat(c.main().maintenance()).isFalse();
            assertThat(c.main().database()).isEqualTo(new DatabaseConfig(DatabaseDriver.H2, "/srv/athanor-data/db/appbox",
                    null, 0, "sa", "", null));
            StorageConfig s = c.main().storage();
            assertThat(s.cacheDir()).isEqualTo(Path.of("/srv/athanor-data/cache"));
            assertThat(s.tmpDir()).isEqualTo(Path.of("/srv/athanor-data/tmp"));
            assertThat(s.lazaretDir()).isEqualTo(Path.of("/srv/athanor-data/lazaret"));
            assertThat(s.downloadDir()).isEqualTo(Path.of("/srv/athanor-data/download"));
            assertThat(s.backupDir()).isEqualTo(Path.of("/srv/athanor-data/backups"));
            assertThat(s.log()).isNull();
            assertThat(s.logDir(Path.of("/srv/athanor/logs"))).isEqualTo(Path.of("/srv/athanor/logs"));
            assertThat(c.main().searchEngine()).isEqualTo(SearchEngineConfig.luceneUnder(Path.of("/srv/athanor-data")));
            assertThat(c.main().taskManager()).isEqualTo(TaskManagerConfig.DEFAULT);
            assertThat(c.main().binaries().binary("exiftool")).isEmpty();
            assertThat(c.main().binaries().timeout("ffmpeg")).isEqualTo(Duration.ofHours(1));
            assertThat(c.main().binaries().timeout("ghostscript")).isEqualTo(Duration.ofSeconds(60));
            assertThat(c.session()).isEqualTo(SessionConfig.DEFAULT);
            assertThat(c.registry()).isEqualTo(RegistryConfig.DEFAULT);
            assertThat(c.http()).isEqualTo(HttpConfig.DEFAULT);
        }

        @Test
        @DisplayName("give PostgreSQL port 5432 and MariaDB port 3306")
        void givePortsPerDriver() {
            String pg = MINIMAL.replace("driver: h2\n        path: /srv/athanor-data/db/appbox",
                    "driver: postgresql\n        host: db\n        user: athanor\n        dbname: athanor_appbox");
            assertThat(ConfigLoader.parse(pg, FILE).main().database().port()).isEqualTo(5432);
            assertThat(ConfigLoader.parse(pg.replace("postgresql", "mariadb"), FILE).main().database().port()).isEqualTo(3306);
        }

        @Test
        @DisplayName("fill the opensearch options")
        void fillTheOpensearchOptions() {
            SearchEngineConfig se = ConfigLoader.parse(MINIMAL + "    search-engine:\n        type: opensearch\n", FILE).main().searchEngine();
            assertThat(se.options()).isEqualTo(Map.of("host", "localhost", "port", 9200, "index", "athanor"));
        }
    }

    @Nested
    @DisplayName("relative paths")
    class RelativePaths {
        @Test
        @DisplayName("are resolved against the folder that holds the config folder")
        void areResolvedAgainstTheProgramFolder() {
            String yaml = MINIMAL.replace("path: /srv/athanor-data/db/appbox", "path: ../athanor-data/db/appbox")
                    .replace("data: /srv/athanor-data", "data: ../athanor-data\n        log: logs")
                    + "    binaries:\n        exiftool_binary: tools/exiftool\n";
            AthanorConfig c = ConfigLoader.parse(yaml, FILE);

            assertThat(c.baseDir()).isEqualTo(Path.of("/srv/athanor"));
            assertThat(c.main().database().path()).isEqualTo("/srv/athanor-data/db/appbox");
            assertThat(c.main().storage().data()).isEqualTo(Path.of("/srv/athanor-data"));
            assertThat(c.main().storage().log()).isEqualTo(Path.of("/srv/athanor/logs"));
            assertThat(c.main().binaries().binary("exiftool")).contains(Path.of("/srv/athanor/tools/exiftool"));
        }
    }

    @Nested
    @DisplayName("errors name the file, line, column and key")
    class Errors {
        @Test
        @DisplayName("a value of the wrong type, with an example")
        void wrongType() {
            String yaml = """
                    servername: 'http://127.0.0.1:8080/'
                    main:
                        key: '%s'
                        database:
                            driver: postgresql
                            host: 127.0.0.1
                            port: five
                            user: athanor
                            dbname: athanor_appbox
                        storage:
                            data: /srv/athanor-data
                    """.formatted(KEY);
            assertThatThrownBy(() -> ConfigLoader.parse(yaml, FILE))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("/srv/athanor/config/configuration.yml:7:15: main.database.port: expected a whole number "
                            + "from 1 to 65535, found 'five'. Example: port: 5432")
                    .extracting(e -> ((ConfigException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        }

        @Test
        @DisplayName("an unknown key, with the nearest known key")
        void unknownKey() {
            String yaml = MINIMAL.replace("main:\n", "main:\n    maintenace: true\n");
            assertThatThrownBy(() -> ConfigLoader.parse(yaml, FILE))
                    .hasMessage("/srv/athanor/config/configuration.yml:3:5: main.maintenace: unknown key. Did you mean 'maintenance'?");
        }

        @Test
        @DisplayName("an unknown key far from any known one, with the keys known there")
        void unknownKeyWithoutSuggestion() {
            String yaml = MINIMAL + "http:\n    bind-everything: yes\n";
            assertThatThrownBy(() -> ConfigLoader.parse(yaml, FILE))
                    .hasMessage("/srv/athanor/config/configuration.yml:10:5: http.bind-everything: unknown key. Known keys here: host, port, trusted_proxies.");
        }

        @Test
        @DisplayName("http.trusted_proxies: each address that is not one is reported at its own line; absent means loopback, [] none")
        void trustedProxies() {
            String yaml = MINIMAL + "http:\n    trusted_proxies:\n        - 10.0.0.0/8\n        - proxy.example.org\n        - 192.0.2.0/33\n";
            assertThatThrownBy(() -> ConfigLoader.parse(yaml, FILE)).hasMessage("""
                    /srv/athanor/config/configuration.yml:12:11: http.trusted_proxies: 'proxy.example.org' is not an IP address \
                    or a CIDR block. Example: 127.0.0.1, 10.0.0.0/8 or ::1
                    /srv/athanor/config/configuration.yml:13:11: http.trusted_proxies: '192.0.2.0/33': the prefix length after '/' \
                    must be a whole number from 0 to 32. Example: 192.0.2.0/24""");
            assertThat(ConfigLoader.parse(MINIMAL, FILE).http().trustedProxies()).isEqualTo(HttpConfig.LOOPBACK);
            assertThat(ConfigLoader.parse(MINIMAL + "http:\n    trusted_proxies: []\n", FILE).http().trustedProxies()).isEmpty();
            assertThat(ConfigLoader.parse(MINIMAL + "http:\n    trusted_proxies: [10.1.2.3/8, 'fd00::/8']\n", FILE).http().trustedProxies())
                    .containsExactly(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("fd00::/8"));
        }

        @Test
        @DisplayName("a missing required key, at its parent")
        void missingRequiredKey() {
            String yaml = MINIMAL.replace("driver: h2\n        path: /srv/athanor-data/db/appbox",
                    "driver: postgresql\n        host: 127.0.0.1\n        user: athanor");
            assertThatThrownBy(() -> ConfigLoader.parse(yaml, FILE))
                    .hasMessage("/srv/athanor/config/configuration.yml:4:5: main.database.dbname is required when driver is postgresql. "
                            + "Example: dbname: athanor_appbox");
        }

        @Test
        @DisplayName("a missing section, at the top of the file")
        void missingSection() {
            assertThatThrownBy(() -> ConfigLoader.parse("servername: 'http://127.0.0.1:8080/'\n", FILE))
                    .hasMessage("""
                            /srv/athanor/config/configuration.yml:1:1: main.key is required. Example: key: '<a random secret>' (generate one with: openssl rand -hex 32)
                            /srv/athanor/config/configuration.yml:1:1: main.database.driver is required. Example: driver: h2
                            /srv/athanor/config/configuration.yml:1:1: main.storage.data is required. Example: data: /srv/athanor-data""");
        }

        @Test
        @DisplayName("several problems, all at once in the order of the file")
        void severalProblems() {
            String yaml = MINIMAL.replace("key: '" + KEY + "'", "key: 'short'") + "http:\n    port: 70000\n";
            assertThatThrownBy(() -> ConfigLoader.parse(yaml, FILE))
                    .hasMessage("""
                            /srv/athanor/config/configuration.yml:3:10: main.key: expected a secret of at least 32 characters, found 5 characters. Generate one with: openssl rand -hex 32
                            /srv/athanor/config/configuration.yml:10:11: http.port: expected a whole number from 0 to 65535, found '70000'. Example: port: 8080""");
        }

        @Test
        @DisplayName("Phraseanet's pdo_mysql, with the name to use")
        void pdoMysql() {
            String yaml = MINIMAL.replace("driver: h2", "driver: pdo_mysql");
            assertThatThrownBy(() -> ConfigLoader.parse(yaml, FILE))
                    .hasMessage("/srv/athanor/config/configuration.yml:5:17: main.database.driver: 'pdo_mysql' is Phraseanet's name "
                            + "for MySQL; Athanor calls it mariadb (it serves MySQL too). Example: driver: mariadb");
        }

        @Test
        @DisplayName("a default language that is not available")
        void defaultLanguageNotAvailable() {
            String yaml = MINIMAL + "languages:\n    available: [fr, en]\n    default: de\n";
            assertThatThrownBy(() -> ConfigLoader.parse(yaml, FILE))
                    .hasMessage("/srv/athanor/config/configuration.yml:11:14: languages.default: 'de' is not in languages.available "
                            + "[fr, en]. Add it there or pick one of them. Example: default: fr");
        }

        @Test
        @DisplayName("a key given twice")
        void duplicateKey() {
            String yaml = MINIMAL + "http:\n    port: 80\n    port: 81\n";
            assertThatThrownBy(() -> ConfigLoader.parse(yaml, FILE))
                    .hasMessage("/srv/athanor/config/configuration.yml:11:5: http.port: duplicate key; it is already set on line 10. Keep only one.");
        }

        @Test
        @DisplayName("malformed YAML, in plain words")
        void malformedYaml() {
            String yaml = "servername: 'http://127.0.0.1:8080/'\nmain:\n    key: a: b\n";
            assertThatThrownBy(() -> ConfigLoader.parse(yaml, FILE))
                    .hasMessage("/srv/athanor/config/configuration.yml:3:11: malformed YAML: a ':' followed by a space is not "
                            + "allowed here. Put quotes around a value that contains ': ', or check that the key is on its own line.");
        }

        @Test
        @DisplayName("a tab used for indentation")
        void tabIndentation() {
            String yaml = "servername: 'http://127.0.0.1:8080/'\nmain:\n\tkey: x\n";
            assertThatThrownBy(() -> ConfigLoader.parse(yaml, FILE))
                    .hasMessage("/srv/athanor/config/configuration.yml:3:1: malformed YAML: a tab character. "
                            + "YAML indents with spaces only; replace the tab with spaces.");
        }

        @Test
        @DisplayName("no file at all means not installed")
        void missingFile(@TempDir Path dir) {
            Path file = dir.resolve("config/configuration.yml");
            assertThatThrownBy(() -> ConfigLoader.load(file))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("No configuration at " + file + ". Install Athanor first: bin/setup system:install")
                    .extracting(e -> ((ConfigException) e).code()).isEqualTo(ErrorCode.NOT_INSTALLED);
        }
    }

    @Nested
    @DisplayName("the install template")
    class Template {
        @Test
        @DisplayName("renders into a file that loads")
        void rendersIntoAFileThatLoads() {
            Map<String, String> values = new HashMap<>();
            values.put("servername", "https://dam.example.org/");
            values.put("key", KEY);
            values.put("database.driver", "postgresql");
            values.put("database.path", null);
            values.put("database.host", "127.0.0.1");
            values.put("database.port", "5432");
            values.put("database.user", "athanor");
            values.put("database.password", "it's \"secret\": #1");
            values.put("database.dbname", "athanor_appbox");
            values.put("storage.data", "../athanor-data");
            values.put("http.host", "0.0.0.0");
            values.put("http.port", "8080");

            AthanorConfig c = ConfigLoader.parse(ConfigTemplate.render(values), FILE);

            assertThat(c.main().database()).isEqualTo(new DatabaseConfig(DatabaseDriver.POSTGRESQL, null, "127.0.0.1", 5432,
                    "athanor", "it's \"secret\": #1", "athanor_appbox"));
            assertThat(c.main().storage().data()).isEqualTo(Path.of("/srv/athanor-data"));
            assertThat(c.http()).isEqualTo(new HttpConfig("0.0.0.0", 8080));
        }

        @Test
        @DisplayName("refuses a missing value, naming it")
        void refusesAMissingValue() {
            assertThatThrownBy(() -> ConfigTemplate.render(Map.of("servername", "x")))
                    .hasMessageContaining("Missing: database.dbname, database.driver, database.host, database.password, "
                            + "database.path, database.port, database.user, http.host, http.port, key, storage.data.");
        }
    }

    @Nested
    @DisplayName("border-manager")
    class BorderManager {
        @Test
        @DisplayName("defaults to Phraseanet's sha256 and UUID checks and a 250-megapixel limit")
        void defaults() {
            BorderManagerConfig b = ConfigLoader.parse(MINIMAL, FILE).borderManager();
            assertThat(b).isEqualTo(BorderManagerConfig.DEFAULT);
            assertThat(b.activeCheckers()).extracting(BorderManagerConfig.Checker::type)
                    .containsExactly(BorderManagerConfig.CheckerType.SHA256, BorderManagerConfig.CheckerType.UUID);
            assertThat(b.maxPixels()).isEqualTo(250_000_000L);
        }

        @Test
        @DisplayName("reads Phraseanet's list of checkers with their options")
        void readsCheckers() {
            BorderManagerConfig b = ConfigLoader.parse(MINIMAL + """
                    border-manager:
                        enabled: true
                        max-pixels: 4000000000
                        extension-mapping:
                            mxf: application/mxf
                        checkers:
                            -
                                type: Checker\\Sha256
                                enabled: false
                            - { type: Checker\\Dimension, enabled: true, options: { width: 80, height: 160 } }
                            - { type: Checker\\Extension, options: { extensions: [JPG, .png] } }
                            - { type: Checker\\MediaType, enabled: true, options: { mediatypes: [Image, Video] } }
                    """, FILE).borderManager();
            assertThat(b.maxPixels()).isEqualTo(4_000_000_000L);
            assertThat(b.extensionMapping()).containsEntry("mxf", "application/mxf");
            assertThat(b.active(BorderManagerConfig.CheckerType.SHA256)).isEmpty();
            assertThat(b.active(BorderManagerConfig.CheckerType.DIMENSION).orElseThrow())
                    .extracting(BorderManagerConfig.Checker::width, BorderManagerConfig.Checker::height).containsExactly(80, 160);
            assertThat(b.active(BorderManagerConfig.CheckerType.EXTENSION).orElseThrow().values()).containsExactly("jpg", "png");
            assertThat(b.active(BorderManagerConfig.CheckerType.MEDIATYPE).orElseThrow().values()).containsExactly("image", "video");
        }

        @Test
        @DisplayName("refuses an unknown checker type and an unknown option, with line and the known names")
        void refusesUnknownChecker() {
            assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + """
                    border-manager:
                        checkers:
                            - { type: Checker\\Md5 }
                            - { type: Checker\\Dimension, options: { widht: 80 } }
                    """, FILE))
                    .hasMessageContaining(FILE + ":12:")
                    .hasMessageContaining("border-manager.checkers[0].type: unknown checker 'Checker\\Md5'; expected one of Checker\\Sha256")
                    .hasMessageContaining("border-manager.checkers[1].options.widht: unknown key. Did you mean 'width'?");
        }
    }
}
