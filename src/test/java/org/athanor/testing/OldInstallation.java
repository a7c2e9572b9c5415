package org.athanor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.athanor.appbox.AppInfo;
import org.athanor.appbox.Registry;
import org.athanor.appbox.Rights;
import org.athanor.appbox.User;
import org.athanor.appbox.UserService;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigLoader;
import org.athanor.config.ConfigTemplate;
import org.athanor.config.ConfigWriter;
import org.athanor.ids.BaseId;
import org.athanor.ids.CollId;
import org.athanor.ids.DataboxId;
import org.athanor.databox.DataboxInfo;
import org.athanor.databox.StructureRepository;
import org.athanor.databox.StructureTemplate;
import org.athanor.db.Box;
import org.athanor.db.BoxConnection;
import org.athanor.db.BoxKind;
import org.athanor.db.DatabaseServer;
import org.athanor.db.Engine;
import org.athanor.db.SchemaMigrator;
import org.athanor.db.TestSchemas;
import org.athanor.tasks.TaskRepository;
import org.flywaydb.core.api.MigrationVersion;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * An installation shaped as an earlier release left it, made in-process: its boxes migrated with Flyway's
 * {@code target} to that release's schema versions, then filled through SQL those schemas accept — users, rights,
 * tasks, a queued job, records with captions, status bits, subdefinition rows and their files, a story, technical data,
 * and (from appbox schema 2) a lazaret entry with its file. Server databases are dropped on close.
 */
public final class OldInstallation implements AutoCloseable {
    /** The schema versions of the releases recorded in RELEASES.md. */
    public enum Shape {
        ALPHA_1("4.0.0-alpha.1", "1", "1"),
        ALPHA_2("4.0.0-alpha.2", "3", "1");

        public final String release;
        public final String appbox;
        public final String databox;

        Shape(String release, String appbox, String databox) {
            this.release = release;
            this.appbox = appbox;
            this.databox = databox;
        }

        /** Return whether this program migrates an installation of this shape (some schema is behind the latest). */
        public boolean olderThanThisProgram() {
            return MigrationVersion.fromVersion(appbox).compareTo(MigrationVersion.fromVersion(SchemaMigrator.latestVersion(BoxKind.APPBOX))) < 0
                    || MigrationVersion.fromVersion(databox).compareTo(MigrationVersion.fromVersion(SchemaMigrator.latestVersion(BoxKind.DATABOX))) < 0;
        }

        /** The shapes this program has something to migrate in, for {@code @MethodSource}. */
        public static Stream<Shape> older() {
            return Stream.of(values()).filter(Shape::olderThanThisProgram);
        }
    }

    private final Engine engine;
    private final Shape shape;
    private final Path program;
    private final Path data;
    private final Path configFile;
    private final BoxConnection appbox;
    private final BoxConnection databox;
    private final String databoxName;
    private final List<Path> documents = new ArrayList<>();

    private OldInstallation(Engine engine, Shape shape, Path dir, String suffix) {
        this.engine = engine;
        this.shape = shape;
        this.program = dir.resolve("program");
        this.data = dir.resolve("data");
        this.configFile = program.resolve("config").resolve("configuration.yml");
        String appboxName = "ab_o" + suffix;
        this.databoxName = "db_o" + suffix;
        this.appbox = engine == Engine.H2 ? BoxConnection.h2(data.resolve("db").resolve(appboxName)) : TestDatabases.server(engine, appboxName);
        this.databox = engine == Engine.H2 ? BoxConnection.h2(data.resolve("db").resolve(databoxName)) : TestDatabases.server(engine, databoxName);
    }

    /** Make an installation of {@code shape} on {@code engine} in {@code dir} with {@code records} records (one of them a story). */
    public static OldInstallation create(Shape shape, Engine engine, Path dir, int records) {
        TestDatabases.requireReachable(engine);
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
        OldInstallation o = new OldInstallation(engine, shape, dir, suffix);
        try {
            o.build(records);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return o;
    }

    private void build(int records) throws IOException {
        for (String folder : List.of("tmp", "cache", "lazaret", "download", "backups", "index", "db")) Files.createDirectories(data.resolve(folder));
        DatabaseServer.createIfMissing(appbox);
        DatabaseServer.createIfMissing(databox);
        try (Box ab = Box.open(BoxKind.APPBOX, "appbox", appbox); Box db = Box.open(BoxKind.DATABOX, databoxName, databox)) {
            TestSchemas.migrateTo(ab, shape.appbox);
            TestSchemas.migrateTo(db, shape.databox);
            UserService users = new UserService(ab.jdbi());
            User admin = users.create(new UserService.NewUser(TestInstallation.ADMIN, TestInstallation.ADMIN, TestInstallation.ADMIN_PASSWORD, true, "en"));
            User editor = users.create(new UserService.NewUser("editor", "editor@example.org", "another long secret", false, "fr"));

            new StructureRepository(db.jdbi()).replace(StructureTemplate.EN_SIMPLE.load());
            DataboxInfo info = new DataboxInfo(db.jdbi());
            info.put("name", databoxName);
            info.put("template", "en-simple");
            info.put("created_at", Instant.now().toString());
            Registry registry = Registry.of(ab);
            DataboxId sbas = registry.registerDatabox(databoxName, databox);
            int coll = db.jdbi().withHandle(h -> h.createUpdate("INSERT INTO collections (name, created_at) VALUES ('test', :now)")
                    .bind("now", Instant.now()).executeAndReturnGeneratedKeys("coll_id").mapTo(Integer.class).one());
            BaseId base = registry.registerCollection(sbas, new CollId(coll));
            Rights rights = new Rights(ab.jdbi());
            rights.grantAll(admin.id(), sbas);
            rights.grantAll(admin.id(), base);
            rights.set(editor.id(), base, java.util.Set.of("access", "canmodifrecord", "candwnldpreview"));

            TaskRepository tasks = new TaskRepository(ab.jdbi());
            tasks.create("Subdefs", TaskRepository.SUBDEFS, TaskRepository.SUBDEFS_SETTINGS, 10, true);
            tasks.create("WriteMetadata", TaskRepository.WRITE_METADATA, TaskRepository.WRITE_METADATA_SETTINGS, 10, true);
            new AppInfo(ab.jdbi()).put(AppInfo.VERSION, "4.0.0");
            new AppInfo(ab.jdbi()).put(AppInfo.INSTALLED_AT, Instant.now().toString());

            fillRecords(db, coll, records);
            ab.jdbi().useHandle(h -> h.createUpdate("""
                    INSERT INTO jobs (job_type, sbas_id, record_id, state, created_at, updated_at)
                    VALUES ('subdefs', :sbas, 1, 'queued', :now, :now)""").bind("sbas", sbas.value()).bind("now", Instant.now()).execute());
            if (MigrationVersion.fromVersion(shape.appbox).compareTo(MigrationVersion.fromVersion("2")) >= 0) {
                Path file = data.resolve("lazaret").resolve("held-back.jpg");
                Files.writeString(file, "a document held back at ingest");
                ab.jdbi().useHandle(h -> h.createUpdate("""
                        INSERT INTO lazaret_files (base_id, original_name, stored_file, sha256, mime, size, status, checks, user_id, created_at)
                        VALUES (:base, 'duplicate.jpg', 'held-back.jpg', :sha, 'image/jpeg', 30, 0, 'Checker\\Sha256: same sha256 as record 1', :user, :now)""")
                        .bind("base", base.value()).bind("sha", "0".repeat(64)).bind("user", admin.id().value()).bind("now", Instant.now()).execute());
            }
        }
        Files.createDirectories(configFile.getParent());
        ConfigWriter.write(configFile, ConfigTemplate.render(configValues()));
    }

    private void fillRecords(Box db, int coll, int records) throws IOException {
        Map<String, Integer> fields = db.jdbi().withHandle(h -> {
            Map<String, Integer> m = new LinkedHashMap<>();
            h.createQuery("SELECT id, name FROM structure_fields").map((rs, ctx) -> Map.entry(rs.getString(2), rs.getInt(1))).forEach(e -> m.put(e.getKey(), e.getValue()));
            return m;
        });
        Instant now = Instant.parse("2026-11-20T10:15:30Z");
        String folder = databoxName + "/documents/2026/11/20/00001";
        String subFolder = databoxName + "/subdefs/2026/11/20/00001";
        Files.createDirectories(data.resolve(folder));
        Files.createDirectories(data.resolve(subFolder));
        int chunk = 1000;
        for (int start = 1; start <= records; start += chunk) {
            int from = start;
            int to = Math.min(records, start + chunk - 1);
            db.jdbi().inTransaction(h -> {
                PreparedBatch rec = h.prepareBatch("""
                        INSERT INTO records (record_id, coll_id, record_type, mime, sha256, uuid, original_name, status, is_story, created_at, modified_at)
                        VALUES (:id, :coll, :type, :mime, :sha, :uuid, :name, :status, :story, :now, :now)""");
                PreparedBatch cap = h.prepareBatch("INSERT INTO record_captions (record_id, field_id, caption_value, ord) VALUES (:id, :field, :v, :ord)");
                PreparedBatch sub = h.prepareBatch("""
                        INSERT INTO subdefs (record_id, name, path, file, size, mime, width, height, created_at)
                        VALUES (:id, :name, :path, :file, :size, 'image/jpeg', 640, 480, :now)""");
                PreparedBatch tech = h.prepareBatch("INSERT INTO technical_data (record_id, name, tech_value) VALUES (:id, :name, :v)");
                for (int id = from; id <= to; id++) {
                    boolean story = id == records && records > 2;
                    rec.bind("id", (long) id).bind("coll", coll).bind("type", story ? "unknown" : "image").bind("mime", story ? null : "image/jpeg")
                            .bind("sha", story ? null : String.format("%064x", id)).bind("uuid", UUID.nameUUIDFromBytes(("r" + id).getBytes()).toString())
                            .bind("name", story ? null : "photo-" + id + ".jpg").bind("status", (long) (id % 7) << 4).bind("story", story)
                            .bind("now", now.plusSeconds(id)).add();
                    cap.bind("id", (long) id).bind("field", fields.get("Object")).bind("v", "Photo n°" + id + " — été").bind("ord", 0).add();
                    cap.bind("id", (long) id).bind("field", fields.get("Keywords")).bind("v", "sea").bind("ord", 0).add();
                    cap.bind("id", (long) id).bind("field", fields.get("Keywords")).bind("v", "kw" + (id % 13)).bind("ord", 1).add();
                    if (story) continue;
                    for (String[] s : new String[][] {{"document", folder}, {"thumbnail", subFolder}}) {
                        String file = id + "_" + s[0] + ".jpg";
                        byte[] bytes = (s[0] + " of record " + id).getBytes();
                        Path path = data.resolve(s[1]).resolve(file);
                        Files.write(path, bytes);
                        if (s[0].equals("document")) documents.add(path);
                        sub.bind("id", (long) id).bind("name", s[0]).bind("path", s[1]).bind("file", file).bind("size", (long) bytes.length)
                                .bind("now", now).add();
                    }
                    tech.bind("id", (long) id).bind("name", "Width").bind("v", "640").add();
                    tech.bind("id", (long) id).bind("name", "Height").bind("v", "480").add();
                }
                rec.execute();
                cap.execute();
                if (sub.size() > 0) sub.execute();
                if (tech.size() > 0) tech.execute();
                if (to == records && records > 2) {
                    h.createUpdate("INSERT INTO story_members (story_id, record_id, ord) VALUES (:s, 1, 0)").bind("s", (long) records).execute();
                    h.createUpdate("INSERT INTO story_members (story_id, record_id, ord) VALUES (:s, 2, 1)").bind("s", (long) records).execute();
                }
                return null;
            });
        }
        if (engine == Engine.POSTGRESQL) {   // identity columns continue after the ids given above
            db.jdbi().useHandle(h -> h.execute("SELECT setval(pg_get_serial_sequence('records', 'record_id'), (SELECT COALESCE(MAX(record_id), 1) FROM records))"));
        } else if (engine == Engine.H2) {
            db.jdbi().useHandle(h -> h.execute("ALTER TABLE records ALTER COLUMN record_id RESTART WITH " + (records + 1)));
        }
    }

    private Map<String, String> configValues() {
        boolean h2 = engine == Engine.H2;
        Map<String, String> v = new LinkedHashMap<>();
        v.put("servername", "http://127.0.0.1:8080/");
        v.put("key", "ab".repeat(32));
        v.put("database.driver", engine.id());
        v.put("database.path", h2 ? appbox.h2Path().toString() : null);
        v.put("database.host", h2 ? null : appbox.host());
        v.put("database.port", h2 ? null : Integer.toString(appbox.port()));
        v.put("database.user", h2 ? null : appbox.user());
        v.put("database.password", h2 ? null : appbox.password());
        v.put("database.dbname", h2 ? null : appbox.dbname());
        v.put("storage.data", data.toString());
        v.put("http.host", "127.0.0.1");
        v.put("http.port", "8080");
        return v;
    }

    public Shape shape() { return shape; }
    public Engine engine() { return engine; }
    public Path programHome() { return program; }
    public Path dataPath() { return data; }
    public Path configFile() { return configFile; }
    public BoxConnection appboxConnection() { return appbox; }
    public BoxConnection databoxConnection() { return databox; }
    public String databoxName() { return databoxName; }
    /** The files of the records' originals, record 1 first. */
    public List<Path> documents() { return documents; }

    /** Load this installation's configuration. */
    public AthanorConfig config() {
        return ConfigLoader.load(configFile);
    }

    /** Migrate both boxes to this program's latest schemas, as an upgrade's schema steps do. */
    public void migrateToCurrent() {
        try (Box ab = Box.open(BoxKind.APPBOX, "appbox", appbox); Box db = Box.open(BoxKind.DATABOX, databoxName, databox)) {
            SchemaMigrator.migrate(ab);
            SchemaMigrator.migrate(db);
        }
    }

    /** Drop the server databases (H2 files go with the temporary folder). */
    @Override public void close() {
        if (!engine.isServer()) return;
        for (BoxConnection c : List.of(appbox, databox)) {
            try {
                if (DatabaseServer.exists(c)) DatabaseServer.drop(c);
            } catch (RuntimeException ignored) {
                // best effort: TestDatabases' shutdown hook does not know these names
            }
        }
    }

    /** Run {@code work} with a handle on the databox, e.g. to change a caption behind the program's back. */
    public void onDatabox(java.util.function.Consumer<Handle> work) {
        try (Box db = Box.open(BoxKind.DATABOX, databoxName, databox)) {
            db.jdbi().useHandle(work::accept);
        }
    }

    /** Run {@code work} with a handle on the appbox. */
    public void onAppbox(java.util.function.Consumer<Handle> work) {
        try (Box ab = Box.open(BoxKind.APPBOX, "appbox", appbox)) {
            ab.jdbi().useHandle(work::accept);
        }
    }
}
