package org.athanor.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.athanor.core.ErrorCode;
import org.athanor.config.ConfigReader.Section;
import org.athanor.config.YamlDocument.Mapping;

/**
 * Reads {@code config/configuration.yml} into an {@link AthanorConfig}.
 *
 * <p>Every problem is reported with the file, line, column and key path, what was expected and an example;
 * all problems of a file are reported at once. Unknown keys are refused with the nearest known key suggested.
 * Optional keys take the defaults documented in {@code config/samples/configuration.sample.yml}.
 *
 * <p>Relative paths in the file are resolved against the folder that holds the configuration file's folder:
 * for {@code /opt/athanor-4.0.0/config/configuration.yml}, {@code path: ../athanor-data} means
 * {@code /opt/athanor-data}.
 */
public final class ConfigLoader {
    private static final List<String> TOP = List.of("servername", "languages", "main", "session", "registry", "http", "border-manager");
    private static final List<String> MAIN = List.of("maintenance", "key", "database", "storage", "search-engine",
            "task-manager", "binaries");
    private static final List<String> DATABASE = List.of("driver", "path", "host", "port", "user", "password", "dbname");
    private static final List<String> STORAGE = List.of("data", "cache", "log", "tmp", "lazaret", "download", "backup");
    private static final Map<String, List<String>> SEARCH_OPTIONS = Map.of(
            SearchEngineConfig.LUCENE, List.of("path"),
            SearchEngineConfig.OPENSEARCH, List.of("host", "port", "index"));

    private ConfigLoader() {}

    /**
     * Read and check the configuration file at {@code file}.
     *
     * @throws ConfigException with code {@link ErrorCode#NOT_INSTALLED} when there is no file, else
     *         {@link ErrorCode#CONFIG_INVALID} listing every problem found
     */
    public static AthanorConfig load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        String text;
        try {
            byte[] bytes = Files.readAllBytes(absolute);
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(ErrorCode.NOT_INSTALLED,
                    "No configuration at " + absolute + ". Install Athanor first: bin/setup system:install", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(ErrorCode.CONFIG_INVALID,
                    absolute + ": is not UTF-8 text. Save it as UTF-8 and try again.", e);
        } catch (IOException e) {
            throw new ConfigException(ErrorCode.CONFIG_INVALID, absolute + ": cannot be read (" + e
                    + "). Check that the file is readable by the user running Athanor.", e);
        }
        return parse(text, absolute);
    }

    /**
     * Read and check {@code yaml} as if it were the content of {@code nominalFile}: messages name that file and
     * relative paths are resolved against its folder's parent. Nothing is read from disk.
     *
     * @throws ConfigException with code {@link ErrorCode#CONFIG_INVALID} listing every problem found
     */
    public static AthanorConfig parse(String yaml, Path nominalFile) {
        Path file = nominalFile.toAbsolutePath().normalize();
        String text = yaml.startsWith("\uFEFF") ? yaml.substring(1) : yaml;
        Mapping root = YamlDocument.parse(text, file.toString());
        ConfigReader reader = new ConfigReader(file.toString(), AthanorConfig.baseDirOf(file));
        AthanorConfig config = read(reader, reader.root(root, TOP), file);
        reader.throwIfAny();
        return config;
    }

    private static AthanorConfig read(ConfigReader reader, Section top, Path file) {
        String servername = top.string("servername", null, "'http://127.0.0.1:8080/'");
        if (servername != null && !isHttpUrl(servername)) {
            top.invalid("servername", "expected an absolute http or https URL, found '" + servername
                    + "'. Example: servername: 'https://dam.example.org/'");
        }
        LanguagesConfig languages = languages(top.section("languages", List.of("available", "default")));
        MainConfig main = main(top.section("main", MAIN));
        Section session = top.section("session", List.of("idle", "lifetime"));
        Duration idle = session.seconds("idle", 0, SessionConfig.DEFAULT.idle(), "0");
        Duration lifetime = session.seconds("lifetime", 1, SessionConfig.DEFAULT.lifetime(), "604800");
        Section registry = top.section("registry", List.of("general", "maintenance"));
        Section general = registry.section("general", List.of("title"));
        Section maintenance = registry.section("maintenance", List.of("message", "retry-after"));
        String title = general.string("title", RegistryConfig.DEFAULT.title(), "Athanor");
        String message = maintenance.string("message", "", "'Back at 14:00'");
        Duration retryAfter = maintenance.seconds("retry-after", 0, RegistryConfig.DEFAULT.maintenanceRetryAfter(), "120");
        Section http = top.section("http", List.of("host", "port", "trusted_proxies"));
        String host = http.string("host", HttpConfig.DEFAULT.host(), "127.0.0.1");
        Integer port = http.integer("port", 0, 65535, HttpConfig.DEFAULT.port(), "8080");
        List<AddressRange> proxies = http.has("trusted_proxies")
                ? http.list("trusted_proxies", "[127.0.0.1, '::1', 10.0.0.0/8]", AddressRange::parse) : HttpConfig.LOOPBACK;
        BorderManagerConfig borderManager = borderManager(top);
        reader.throwIfAny();
        return construct(file, () -> new AthanorConfig(file, servername, languages, main, new SessionConfig(idle, lifetime),
                new RegistryConfig(title, message, retryAfter), new HttpConfig(host, port, proxies), borderManager));
    }

    private static BorderManagerConfig borderManager(Section top) {
        if (!top.has("border-manager")) return BorderManagerConfig.DEFAULT;
        Section bm = top.section("border-manager", List.of("enabled", "max-pixels", "extension-mapping", "checkers"));
        boolean enabled = bm.bool("enabled", true);
        long pixels = bm.has("max-pixels") ? bm.longValue("max-pixels", 1, BorderManagerConfig.DEFAULT_MAX_PIXELS, "250000000")
                : BorderManagerConfig.DEFAULT_MAX_PIXELS;
        Map<String, String> mapping = bm.stringMap("extension-mapping", "{ mp4: video/mp4 }");
        List<BorderManagerConfig.Checker> checkers = new ArrayList<>();
        for (Section c : bm.sections("checkers", List.of("type", "enabled", "options"), "- { type: Checker\\Sha256, enabled: true }")) {
            String typeName = c.string("type", null, "Checker\\Sha256");
            var type = BorderManagerConfig.CheckerType.of(typeName);
            if (typeName != null && type.isEmpty()) {
                c.invalid("type", "unknown checker '" + typeName + "'; expected one of " + String.join(", ", BorderManagerConfig.CheckerType.yamlNames()));
            }
            boolean on = c.bool("enabled", true);
            if (type.isEmpty()) continue;
            Section o = c.section("options", switch (type.get()) {
                case EXTENSION -> List.of("extensions");
                case MEDIATYPE -> List.of("mediatypes");
                case COLORSPACE -> List.of("colorspaces");
                case DIMENSION -> List.of("width", "height");
                case FILENAME -> List.of("sensitive");
                default -> List.of();
            });
            List<String> values = switch (type.get()) {
                case EXTENSION -> o.texts("extensions", "[jpg, png, pdf]");
                case MEDIATYPE -> o.strings("mediatypes", List.of("Audio", "Document", "Flash", "Image", "Video",
                        "audio", "document", "flash", "image", "video"), List.of(), "[Image, Video]");
                case COLORSPACE -> o.strings("colorspaces", List.of("cmyk", "grayscale", "rgb", "CMYK", "Grayscale", "RGB"), List.of(), "[rgb]");
                default -> List.of();
            };
            int width = type.get() == BorderManagerConfig.CheckerType.DIMENSION ? o.integer("width", 0, Integer.MAX_VALUE, 0, "80") : 0;
            int height = type.get() == BorderManagerConfig.CheckerType.DIMENSION ? o.integer("height", 0, Integer.MAX_VALUE, 0, "160") : 0;
            boolean sensitive = o.bool("sensitive", true);
            BorderManagerConfig.CheckerType t = type.get();
            BorderManagerConfig.Checker checker = safely(c, () -> new BorderManagerConfig.Checker(t, on, values, width, height, sensitive));
            if (checker != null) checkers.add(checker);
        }
        return safely(bm, () -> new BorderManagerConfig(enabled, pixels, mapping, checkers));
    }

    private static LanguagesConfig languages(Section s) {
        List<String> available = s.strings("available", LanguagesConfig.SUPPORTED, LanguagesConfig.DEFAULT.available(), "[fr, en]");
        String fallback = available.contains("fr") ? "fr" : available.get(0);
        String def = s.choice("default", LanguagesConfig.SUPPORTED, fallback, "fr");
        if (s.has("default") && LanguagesConfig.SUPPORTED.contains(def) && !available.contains(def)) {
            s.invalid("default", "'" + def + "' is not in languages.available " + available
                    + ". Add it there or pick one of them. Example: default: " + available.get(0));
        }
        return safely(s, () -> new LanguagesConfig(available, def));
    }

    private static MainConfig main(Section main) {
        boolean maintenance = main.bool("maintenance", false);
        String key = main.string("key", null, "'<a random secret>' (generate one with: openssl rand -hex 32)");
        if (key != null && key.length() < MainConfig.MIN_KEY_LENGTH) {
            main.invalid("key", "expected a secret of at least " + MainConfig.MIN_KEY_LENGTH + " characters, found "
                    + key.length() + " characters. Generate one with: openssl rand -hex 32");
        }
        DatabaseConfig database = database(main.section("database", DATABASE));
        Section st = main.section("storage", STORAGE);
        Path data = st.path("data", true, "", "/srv/athanor-data");
        StorageConfig storage = data == null ? null : new StorageConfig(data, st.path("cache", false, "", "/srv/athanor-data/cache"),
                st.path("log", false, "", "/var/log/athanor"), st.path("tmp", false, "", "/srv/athanor-data/tmp"),
                st.path("lazaret", false, "", "/srv/athanor-data/lazaret"), st.path("download", false, "", "/srv/athanor-data/download"),
                st.path("backup", false, "", "/srv/athanor-data/backups"));
        SearchEngineConfig searchEngine = searchEngine(main.section("search-engine", List.of("type", "options")), data);
        TaskManagerConfig taskManager = taskManager(main.section("task-manager", List.of("status", "enabled", "options", "logger")));
        BinariesConfig binaries = binaries(main);
        if (key == null || key.length() < MainConfig.MIN_KEY_LENGTH || database == null || storage == null
                || searchEngine == null || taskManager == null || binaries == null) {
            return null;
        }
        return safely(main, () -> new MainConfig(maintenance, key, database, storage, searchEngine, taskManager, binaries));
    }

    private static DatabaseConfig database(Section db) {
        String driverName = db.string("driver", null, "h2");
        DatabaseDriver driver = null;
        if (driverName != null) {
            try {
                driver = DatabaseDriver.parse(driverName);
            } catch (ConfigException e) {
                db.invalid("driver", DatabaseDriver.problem(driverName) + ". Example: driver: "
                        + (driverName.contains("mysql") ? "mariadb" : "h2"));
            }
        }
        if (driver == null) return null;
        String when = " when driver is " + driver.yamlName();
        if (driver == DatabaseDriver.H2) {
            Path path = db.path("path", true, when, "/srv/athanor-data/db/appbox");
            String user = db.string("user", "sa", "sa");
            String password = db.string("password", "", "''");
            return path == null ? null : safely(db, () -> new DatabaseConfig(DatabaseDriver.H2, path.toString(), null, 0, user, password, null));
        }
        String host = db.has("host") ? db.string("host", "", "127.0.0.1") : null;
        Integer port = db.integer("port", 1, 65535, driver.defaultPort(), String.valueOf(driver.defaultPort()));
        String user = db.has("user") ? db.string("user", "", "athanor") : null;
        String password = db.string("password", "", "''");
        String dbname = db.has("dbname") ? db.string("dbname", "", "athanor_appbox") : null;
        if (host == null) db.missing("host", when, "127.0.0.1");
        if (user == null) db.missing("user", when, "athanor");
        if (dbname == null) db.missing("dbname", when, "athanor_appbox");
        if (host == null || user == null || dbname == null) return null;
        DatabaseDriver d = driver;
        return safely(db, () -> new DatabaseConfig(d, null, host, port, user, password, dbname));
    }

    private static SearchEngineConfig searchEngine(Section se, Path data) {
        String type = se.choice("type", SearchEngineConfig.TYPES, SearchEngineConfig.LUCENE, "lucene");
        Section o = se.section("options", SEARCH_OPTIONS.get(type));
        Map<String, Object> options = new LinkedHashMap<>();
        if (SearchEngineConfig.LUCENE.equals(type)) {
            Path path = o.path("path", false, "", "/srv/athanor-data/index");
            if (path == null && data != null) path = data.resolve("index");
            if (path == null) return null;
            options.put("path", path);
        } else {
            options.put("host", o.string("host", "localhost", "localhost"));
            options.put("port", o.integer("port", 1, 65535, 9200, "9200"));
            options.put("index", o.string("index", "athanor", "athanor"));
        }
        return safely(se, () -> new SearchEngineConfig(type, options));
    }

    private static TaskManagerConfig taskManager(Section tm) {
        TaskManagerConfig d = TaskManagerConfig.DEFAULT;
        String status = tm.choice("status", TaskManagerConfig.STATUSES, d.status(), "started");
        boolean enabled = tm.bool("enabled", d.enabled());
        Duration deadline = tm.section("options", List.of("stop-deadline")).seconds("stop-deadline", 0, d.stopDeadline(), "30");
        Section logger = tm.section("logger", List.of("max-files", "level"));
        Integer maxFiles = logger.integer("max-files", 1, Integer.MAX_VALUE, d.loggerMaxFiles(), "10");
        String level = logger.choice("level", TaskManagerConfig.LEVELS, d.loggerLevel(), "INFO");
        return safely(tm, () -> new TaskManagerConfig(status, enabled, deadline, maxFiles, level));
    }

    private static BinariesConfig binaries(Section main) {
        List<String> known = new ArrayList<>();
        BinariesConfig.BINARIES.forEach(b -> known.add(b + "_binary"));
        BinariesConfig.DEFAULT_TIMEOUTS.keySet().forEach(t -> known.add(t + "_timeout"));
        Section b = main.section("binaries", known);
        Map<String, Path> paths = new HashMap<>();
        for (String name : BinariesConfig.BINARIES) {
            Path p = b.path(name + "_binary", false, "", "/usr/bin/" + name);
            if (p != null) paths.put(name, p);
        }
        Map<String, Duration> timeouts = new HashMap<>();
        BinariesConfig.DEFAULT_TIMEOUTS.forEach((name, def) ->
                timeouts.put(name, b.seconds(name + "_timeout", 1, def, String.valueOf(def.toSeconds()))));
        return safely(b, () -> new BinariesConfig(paths, timeouts));
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI uri = new URI(s);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * Build a record whose own checks should already have been made with locations. A check the loader missed
     * is still reported, at the section's key; a null part (left by a problem already reported) gives null.
     */
    private static <T> T safely(Section section, Supplier<T> build) {
        try {
            return build.get();
        } catch (ConfigException e) {
            section.reportUnlessOthers(e.getMessage());
            return null;
        } catch (NullPointerException e) {
            return null;
        }
    }

    private static AthanorConfig construct(Path file, Supplier<AthanorConfig> build) {
        try {
            return build.get();
        } catch (ConfigException | NullPointerException e) {
            throw new ConfigException(ErrorCode.CONFIG_INVALID, file + ": " + e.getMessage(), e);
        }
    }
}
