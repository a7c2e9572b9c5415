package org.athanor.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.athanor.Athanor;
import org.athanor.core.Progress;
import org.athanor.config.ConfigLoader;
import org.athanor.config.DatabaseDriver;
import org.athanor.databox.StructureTemplate;
import org.athanor.db.BoxConnection;
import org.athanor.db.DatabaseServer;
import org.athanor.db.Engine;
import org.athanor.setup.install.InstallRequest;
import org.athanor.setup.install.InstallResult;
import org.athanor.setup.install.InstallService;

/** A real installation in a temporary folder on one engine; its server databases are dropped on close. */
public final class TestInstallation implements AutoCloseable {
    /** The admin's password in every test installation. */
    public static final String ADMIN_PASSWORD = "correct horse battery";
    public static final String ADMIN = "admin@example.org";

    private final Engine engine;
    private final Path home;
    private final InstallRequest request;
    private InstallResult result;
    private final List<Athanor> opened = new ArrayList<>();
    private boolean closed;

    private TestInstallation(Engine engine, Path home, InstallRequest request) {
        this.engine = engine;
        this.home = home;
        this.request = request;
    }

    /** Prepare (but do not run) an installation in {@code dir}: program folder {@code dir/program}, data {@code dir/data}. */
    public static TestInstallation prepare(Engine engine, Path dir) {
        TestDatabases.requireReachable(engine);
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
        Path program = dir.resolve("program");
        BoxConnection server = engine.isServer() ? TestDatabases.server(engine, "unused") : null;
        InstallRequest r = new InstallRequest(ADMIN, ADMIN_PASSWORD, driver(engine), server == null ? null : server.host(),
                server == null ? null : server.port(), server == null ? null : server.user(), server == null ? null : server.password(),
                "ab_t" + suffix, "db_t" + suffix, StructureTemplate.EN_SIMPLE, dir.resolve("data"), null, "127.0.0.1", 8080, "en",
                program.resolve("config").resolve("configuration.yml"), program, false);
        return new TestInstallation(engine, program, r);
    }

    /** Install on {@code engine} in {@code dir}. */
    public static TestInstallation install(Engine engine, Path dir) {
        TestInstallation t = prepare(engine, dir);
        t.run();
        return t;
    }

    /** Run the installation as prepared. */
    public InstallResult run() {
        result = new InstallService().install(request, Progress.NONE);
        return result;
    }

    public InstallRequest request() { return request; }
    public InstallResult result() { return result; }
    public Engine engine() { return engine; }
    public Path programHome() { return home; }
    public Path configFile() { return request.configFile(); }
    public Path dataPath() { return request.dataPath(); }

    /** Where the appbox lives. */
    public BoxConnection appboxConnection() {
        return connection(request.appboxName());
    }

    /** Where the first databox lives. */
    public BoxConnection databoxConnection() {
        return connection(request.databoxName());
    }

    /** Open the installation (closed with this object). */
    public Athanor open() {
        Athanor a = Athanor.open(ConfigLoader.load(configFile()));
        opened.add(a);
        return a;
    }

    private BoxConnection connection(String name) {
        return engine == Engine.H2 ? BoxConnection.h2(request.dataPath().resolve("db").resolve(name), h2Password())
                : TestDatabases.server(engine, name);
    }

    /** The installation's H2 password (main.database.password), empty before the installation ran. */
    public String h2Password() {
        return Files.exists(configFile()) ? ConfigLoader.load(configFile()).main().database().password() : "";
    }

    private static DatabaseDriver driver(Engine e) {
        return switch (e) {
            case H2 -> DatabaseDriver.H2;
            case POSTGRESQL -> DatabaseDriver.POSTGRESQL;
            case MARIADB -> DatabaseDriver.MARIADB;
        };
    }

    /** Close what was opened and drop every database the installation made on a server (databoxes added later too). */
    @Override public void close() {
        if (closed) return;
        closed = true;
        opened.forEach(Athanor::close);
        if (engine == Engine.H2) return;
        List<BoxConnection> boxes = new ArrayList<>(List.of(appboxConnection(), databoxConnection()));
        if (result != null && Files.exists(configFile())) {
            try (Athanor a = Athanor.open(ConfigLoader.load(configFile()))) {
                a.registry().databoxes().forEach(d -> boxes.add(d.connection()));
            } catch (RuntimeException ignored) {
                // a test may have broken the installation on purpose: drop what is known
            }
        }
        for (BoxConnection c : boxes) if (DatabaseServer.exists(c)) DatabaseServer.drop(c);
    }

    /** Return true when the folder exists and holds anything. */
    public static boolean hasContent(Path p) throws java.io.IOException {
        if (!Files.isDirectory(p)) return false;
        try (var s = Files.list(p)) {
            return s.findAny().isPresent();
        }
    }
}
