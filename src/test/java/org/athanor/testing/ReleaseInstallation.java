package org.athanor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.athanor.db.BoxConnection;
import org.athanor.db.DatabaseServer;
import org.athanor.db.Engine;
import org.athanor.testing.Releases.Release;

/**
 * An installation made by an earlier release's own {@code bin/setup system:install}, in a folder of its own
 * ({@code <dir>/athanor} the program, {@code <dir>/athanor-data} the data), filled by {@link #populate()} with what an
 * upgrade must keep: records in two collections with captions, status bits and files, subdefs made by the release's
 * own task and records still waiting for theirs, users with rights, tasks, and a signed-in session.
 *
 * <p>4.0.0-alpha.2 fills it through its console ({@code records:add}, its subdefs task run with
 * {@code task-manager:task:run}, {@code user:grant}); 4.0.0-alpha.1 has neither ingest nor tasks, so its records, files,
 * rights and jobs are written with SQL into its schema, as its later ingest would have. Server databases are dropped on
 * {@link #close()}.
 */
public final class ReleaseInstallation implements AutoCloseable {
    /** The admin of every such installation. */
    public static final String ADMIN = "admin@example.org";
    public static final String ADMIN_PASSWORD = "a long admin secret";
    /** A second user with rights on the first collection and the databox. */
    public static final String USER = "alice";
    public static final String USER_PASSWORD = "alice's long secret";
    /** Samples (from Phraseanet's test media) ingested at install time; their subdefs are made by the release's task. */
    public static final List<String> DONE_SAMPLES = List.of("test001.jpg", "iphone_pic.jpg", "HelloWorld.pdf");
    /** Samples ingested after the task stopped: their subdefs are pending work for after the upgrade. */
    public static final List<String> PENDING_SAMPLES = List.of("p4logo.jpg", "extractfile.jpg");

    private final Release release;
    private final Engine engine;
    private final Path dir;
    private final Path program;
    private Path active;
    private final Path data;
    private final String appbox;
    private final String databox;

    private ReleaseInstallation(Release release, Engine engine, Path dir, Path program, Path data, String appbox, String databox) {
        this.release = release;
        this.engine = engine;
        this.dir = dir;
        this.program = program;
        this.active = program;
        this.data = data;
        this.appbox = appbox;
        this.databox = databox;
    }

    /** Install with {@code release}'s {@code bin/setup system:install} on {@code engine} in {@code dir} (empty). */
    public static ReleaseInstallation install(Release release, Engine engine, Path dir) {
        return install(release, Releases.program(release), engine, dir);
    }

    /** Install with the current build's {@code bin/setup system:install} (an installation that records its release). */
    public static ReleaseInstallation installCurrent(Engine engine, Path dir) {
        return install(new Release("current", "", "HEAD", Integer.MAX_VALUE, Integer.MAX_VALUE), Releases.currentProgram(), engine, dir);
    }

    private static ReleaseInstallation install(Release release, Path built, Engine engine, Path dir) {
        TestDatabases.requireReachable(engine);
        Path program = Releases.copyProgram(built, dir.resolve("athanor"));
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
        ReleaseInstallation i = new ReleaseInstallation(release, engine, dir, program, dir.resolve("athanor-data"), "ab_u" + suffix, "db_u" + suffix);
        List<String> args = new ArrayList<>(List.of(program.resolve("bin/setup").toString(), "-q", "system:install", "--yes",
                "--email", ADMIN, "--password", ADMIN_PASSWORD, "--db-driver", engine.id(),
                "--appbox", i.appbox, "--databox", i.databox, "--data-path", i.data.toString()));
        if (engine.isServer()) {
            BoxConnection server = TestDatabases.server(engine, i.appbox);
            args.addAll(List.of("--db-host", server.host(), "--db-port", String.valueOf(server.port()), "--db-user", server.user(),
                    "--db-password", server.password()));
        }
        run(dir, Map.of(), args.toArray(String[]::new)).requireSuccess();
        return i;
    }

    public Release release() { return release; }
    public Engine engine() { return engine; }
    /** The folder holding the program folder and the data folder. */
    public Path dir() { return dir; }
    /** The program folder the installation was made with (its {@code config/} holds the configuration). */
    public Path program() { return program; }
    public Path dataPath() { return data; }
    /** The configuration of the program folder in use (the release's, until {@link #switchTo}). */
    public Path configFile() { return active.resolve("config/configuration.yml"); }
    /** The program folder in use. */
    public Path activeProgram() { return active; }

    /** Use {@code programFolder} (e.g. {@link #newProgram()}) from now on for {@link #configFile()} and the connections. */
    public void switchTo(Path programFolder) {
        this.active = programFolder;
    }
    public String appboxName() { return appbox; }
    public String databoxName() { return databox; }

    /** Where the appbox lives, as the configuration in use says. */
    public BoxConnection appboxConnection() {
        return InstallationSnapshot.Where.of(configFile()).appbox();
    }

    /** Where the first databox lives, as the appbox's registry says. */
    public BoxConnection databoxConnection() {
        InstallationSnapshot.Where where = InstallationSnapshot.Where.of(configFile());
        Map<String, String> row = InstallationSnapshot.tables(where.appbox()).get("databoxes").stream()
                .filter(r -> "1".equals(r.get("sbas_id"))).findFirst().orElseThrow(() -> new IllegalStateException("no databox 1 in " + configFile()));
        return where.databox(row);
    }

    /** Run the program folder's {@code bin/console} with {@code args}. */
    public Cli console(String... args) {
        return console(program, args);
    }

    /** Run {@code programFolder}'s {@code bin/console} on this installation's folder. */
    public Cli console(Path programFolder, String... args) {
        return run(dir, Map.of(), prepend(programFolder.resolve("bin/console").toString(), args));
    }

    /** Run {@code programFolder}'s {@code bin/setup} with {@code env} added. */
    public Cli setup(Path programFolder, Map<String, String> env, String... args) {
        return run(dir, env, prepend(programFolder.resolve("bin/setup").toString(), args));
    }

    /**
     * Put the current build beside the old program folder as the upgrade procedure does: {@code <dir>/athanor-new}
     * (a copy of {@link Releases#currentProgram()}) with this installation's {@code config/} copied in; return it.
     */
    public Path newProgram() {
        Path target = dir.resolve("athanor-new");
        if (!Files.exists(target)) {
            Releases.copyProgram(Releases.currentProgram(), target);
            run(dir, Map.of(), "cp", "-a", program.resolve("config").toString() + "/.", target.resolve("config").toString()).requireSuccess();
        }
        return target;
    }

    /** Fill the installation (see the class comment); return this. */
    public ReleaseInstallation populate() {
        console("collection:create", "1", "Second").requireSuccess();
        console("user:create", USER, "--email", "alice@example.org", "--password", USER_PASSWORD).requireSuccess();
        if (release.appboxSchema() >= 3) populateThroughConsole();
        else populateWithSql();
        signIn(USER);
        return this;
    }

    private void populateThroughConsole() {
        console("user:grant", USER, "--collection", "1", "--rights", "access,canaddrecord,canmodifrecord,chgstatus,candwnldpreview").requireSuccess();
        console("user:grant", USER, "--collection", "2", "--rights", "access").requireSuccess();
        console("user:grant", USER, "--databox", "1", "--rights", "bas_manage").requireSuccess();
        console(prepend3("records:add", "--collection", "1", "--status", "110000", samples(DONE_SAMPLES))).requireSuccess();
        runSubdefsTask(program);
        console(prepend3("records:add", "--collection", "2", "--status", "1000000", samples(PENDING_SAMPLES))).requireSuccess();
    }

    /**
     * Run {@code programFolder}'s subdefs task (id 1) in the foreground ({@code task-manager:task:run 1}) until no record
     * waits for its subdefs, then stop it with SIGTERM; fail after 2 minutes.
     */
    public void runSubdefsTask(Path programFolder) {
        try {
            ProcessBuilder pb = new ProcessBuilder(programFolder.resolve("bin/console").toString(), "task-manager:task:run", "1")
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("subdefs-task.out").toFile());
            pb.environment().remove("ATHANOR_CONFIG");
            // H2: the first process opening a file serves it to the others and their connections break when it closes it;
            // this JVM opens both boxes first and keeps them open until the task has stopped.
            BoxConnection appboxBox = appboxConnection();
            BoxConnection databoxBox = databoxConnection();
            try (Connection holdAppbox = open(appboxBox); Connection holdDatabox = open(databoxBox)) {
                Process task = pb.start();
                try {
                    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
                    while (single(holdDatabox, "SELECT COUNT(*) FROM records WHERE subdefs_pending = TRUE") > 0) {
                        if (!task.isAlive()) throw new IllegalStateException("the subdefs task of " + programFolder + " ended: " + read(dir.resolve("subdefs-task.out")));
                        if (Instant.now().isAfter(deadline)) throw new IllegalStateException("the subdefs task of " + programFolder + " did not finish in 120 s");
                        Thread.sleep(300);
                    }
                } finally {
                    task.destroy();
                    if (!task.waitFor(60, TimeUnit.SECONDS)) task.destroyForcibly();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot watch the subdefs task: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** alpha.1: what its ingest would have written, into its own schema; files in Phraseanet's layout. */
    private void populateWithSql() {
        sql(appboxConnection(), c -> {
            long alice = single(c, "SELECT id FROM users WHERE login = '" + USER + "'");
            exec(c, "INSERT INTO collection_rights (user_id, base_id, access, canaddrecord, canmodifrecord, chgstatus, candwnldpreview, mask_and, mask_xor) "
                    + "VALUES (" + alice + ", 1, TRUE, TRUE, TRUE, TRUE, TRUE, 0, 0)");
            exec(c, "INSERT INTO collection_rights (user_id, base_id, access) VALUES (" + alice + ", 2, TRUE)");
            exec(c, "INSERT INTO databox_rights (user_id, sbas_id, bas_manage) VALUES (" + alice + ", 1, TRUE)");
            exec(c, "INSERT INTO tasks (name, job_type, period_seconds, configured_status, actual_status, created_at) "
                    + "VALUES ('Subdefs', 'subdefs', 10, 'started', 'stopped', CURRENT_TIMESTAMP)");
        });
        List<long[]> done = new ArrayList<>();
        sql(databoxConnection(), c -> {
            List<Long> fields = list(c, "SELECT id FROM structure_fields ORDER BY id");
            int n = 0;
            for (String name : DONE_SAMPLES) done.add(new long[] {insertRecord(c, 1, name, 0b110000, false, fields, ++n)});
            for (String name : PENDING_SAMPLES) insertRecord(c, 2, name, 0b1000000, true, fields, ++n);
        });
        sql(appboxConnection(), c -> {
            for (long[] r : done) {
                exec(c, "INSERT INTO jobs (job_type, sbas_id, record_id, state, attempts, created_at, updated_at) "
                        + "VALUES ('subdefs', 1, " + r[0] + ", 'done', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            }
        });
    }

    private long insertRecord(Connection c, int collId, String sample, long status, boolean pending, List<Long> fields, int n) throws SQLException {
        Path source = TestMedia.phraseanet(sample);
        String ext = sample.substring(sample.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String mime = ext.equals("pdf") ? "application/pdf" : "image/jpeg";
        String uuid = UUID.nameUUIDFromBytes(sample.getBytes(StandardCharsets.UTF_8)).toString();
        try (PreparedStatement st = c.prepareStatement("INSERT INTO records (coll_id, record_type, mime, sha256, uuid, original_name, status, "
                + "subdefs_pending, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
            st.setInt(1, collId);
            st.setString(2, ext.equals("pdf") ? "document" : "image");
            st.setString(3, mime);
            st.setString(4, InstallationSnapshot.sha256(source));
            st.setString(5, uuid);
            st.setString(6, sample);
            st.setLong(7, status);
            st.setBoolean(8, pending);
            st.executeUpdate();
        }
        long id = single(c, "SELECT record_id FROM records WHERE uuid = '" + uuid + "'");
        try (PreparedStatement st = c.prepareStatement("INSERT INTO record_captions (record_id, field_id, caption_value, ord) VALUES (?, ?, ?, ?)")) {
            for (int f = 0; f < Math.min(3, fields.size()); f++) {
                st.setLong(1, id);
                st.setLong(2, fields.get(f));
                st.setString(3, "value " + f + " of " + sample + " — é à ü, record " + n);
                st.setInt(4, 0);
                st.executeUpdate();
            }
        }
        exec(c, "INSERT INTO technical_data (record_id, name, tech_value) VALUES (" + id + ", 'FileSize', '" + size(source) + "')");
        storeFile(c, id, "document", "documents", source, ext, mime);
        if (!pending) {
            Path thumb = dir.resolve("thumb-" + id + ".jpg");
            Path from = ext.equals("pdf") ? TestMedia.phraseanet("logocoll.gif") : source;   // ImageMagick's policy may forbid PDF
            TestMedia.run("convert", from.toString(), "-thumbnail", "120x120", thumb.toString());
            storeFile(c, id, "thumbnail", "subdefs", thumb, "jpg", "image/jpeg");
        }
        return id;
    }

    private void storeFile(Connection c, long record, String name, String area, Path source, String ext, String mime) throws SQLException {
        String folder = databox + "/" + area + "/2026/11/25/00001";
        String file = record + "_" + name + "." + ext;
        try {
            Path target = Files.createDirectories(data.resolve(folder)).resolve(file);
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (PreparedStatement st = c.prepareStatement("INSERT INTO subdefs (record_id, name, path, file, size, mime, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
            st.setLong(1, record);
            st.setString(2, name);
            st.setString(3, folder);
            st.setString(4, file);
            st.setLong(5, size(source));
            st.setString(6, mime);
            st.executeUpdate();
        }
    }

    /** Put a live session of {@code login} in the appbox, as signing in to the release's server would. */
    public void signIn(String login) {
        sql(appboxConnection(), c -> {
            long user = single(c, "SELECT id FROM users WHERE login = '" + login + "'");
            String id = InstallationSnapshot.sha256(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            exec(c, "INSERT INTO sessions (id, user_id, ip, user_agent, module, created_at, last_seen, expires_at) VALUES ('" + id + "', " + user
                    + ", '127.0.0.1', 'upgrade test', 'prod', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, " + inOneDay() + ")");
        });
    }

    private String inOneDay() {
        return switch (engine) {
            case H2 -> "DATEADD('DAY', 1, CURRENT_TIMESTAMP)";
            case POSTGRESQL -> "CURRENT_TIMESTAMP + INTERVAL '1 day'";
            case MARIADB -> "CURRENT_TIMESTAMP + INTERVAL 1 DAY";
        };
    }

    /** Drop the installation's server databases (H2 files go with the test's folder). */
    @Override public void close() {
        if (engine == Engine.H2) return;
        for (BoxConnection c : List.of(TestDatabases.server(engine, appbox), TestDatabases.server(engine, databox))) {
            try {
                if (DatabaseServer.exists(c)) DatabaseServer.drop(c);
            } catch (RuntimeException e) {
                System.err.println("cannot drop " + c.describe() + ": " + e.getMessage());
            }
        }
    }

    // --- running commands and SQL

    /** A finished command: exit code, standard output and error. */
    public record Cli(List<String> command, int exitCode, String out, String err) {
        /** Return this, or fail naming the command and its output when it did not exit 0. */
        public Cli requireSuccess() {
            if (exitCode != 0) throw new IllegalStateException(this.toString());
            return this;
        }

        @Override public String toString() {
            return "$ " + String.join(" ", command) + "\n→ exit " + exitCode + "\n[stdout]\n" + out + "[stderr]\n" + err;
        }
    }

    /** Run {@code command} in {@code cwd} with {@code env} added (and {@code ATHANOR_CONFIG} removed); wait up to 10 minutes. */
    public static Cli run(Path cwd, Map<String, String> env, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
            pb.environment().remove("ATHANOR_CONFIG");
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 10 minutes");
            }
            return new Cli(List.of(command), p.exitValue(), out.get(), err.get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Work on a JDBC connection. */
    @FunctionalInterface public interface SqlWork {
        void run(Connection c) throws SQLException;
    }

    /** Run {@code work} on a connection to {@code box} (H2 through its auto-server, retried while another process opens it). */
    public static void sql(BoxConnection box, SqlWork work) {
        SQLException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try (Connection c = DriverManager.getConnection(box.jdbcUrl() + (box.engine() == Engine.H2 ? ";IFEXISTS=TRUE" : ""), box.user(), box.password())) {
                work.run(c);
                return;
            } catch (SQLException e) {
                last = e;
                if (box.engine() != Engine.H2 || !String.valueOf(e.getMessage()).contains("Lock file")) break;
                sleep(250);
            }
        }
        throw new IllegalStateException("SQL on " + box.describe() + " failed: " + last.getMessage(), last);
    }

    /** Open a connection to {@code box} (H2: only an existing file). */
    public static Connection open(BoxConnection box) throws SQLException {
        return DriverManager.getConnection(box.jdbcUrl() + (box.engine() == Engine.H2 ? ";IFEXISTS=TRUE" : ""), box.user(), box.password());
    }

    /** Return the first column of the first row of {@code query} on {@code box} as a number. */
    public static long count(BoxConnection box, String query) {
        long[] n = new long[1];
        sql(box, c -> n[0] = single(c, query));
        return n[0];
    }

    static long single(Connection c, String query) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            if (!rs.next()) throw new SQLException("no row for " + query);
            return rs.getLong(1);
        }
    }

    static List<Long> list(Connection c, String query) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            while (rs.next()) values.add(rs.getLong(1));
        }
        return values;
    }

    static void exec(Connection c, String statement) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate(statement);
        }
    }

    private static String[] samples(List<String> names) {
        return names.stream().map(n -> TestMedia.phraseanet(n).toString()).toArray(String[]::new);
    }

    private static String[] prepend(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static String[] prepend3(String a, String b, String c, String d, String e, String[] rest) {
        List<String> all = new ArrayList<>(List.of(a, b, c, d, e));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Environment for a command: {@code key=value} pairs. */
    public static Map<String, String> env(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return m;
    }
}
