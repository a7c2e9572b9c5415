package org.athanor.setup.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Timer;
import java.util.TimerTask;
import java.util.function.LongConsumer;
import org.athanor.db.Box;
import org.athanor.db.BoxConnection;
import org.athanor.db.DatabaseServer;
import org.athanor.db.Engine;
import org.athanor.programs.ExternalProgram;
import org.athanor.programs.ProgramException;
import org.athanor.programs.ProgramException.Reason;
import org.athanor.programs.Programs;
import org.h2.tools.RunScript;

/**
 * Dumps one box's database to SQL and loads such a dump back, per engine: H2 through JDBC ({@code SCRIPT},
 * {@code RUNSCRIPT}), PostgreSQL with pg_dump and psql, MariaDB with mariadb-dump and mariadb.
 *
 * <p>Every dump is online and consistent for its box: H2's {@code SCRIPT} reads one snapshot, pg_dump runs in one
 * serializable transaction, mariadb-dump runs with {@code --single-transaction} (InnoDB snapshot, no table locks).
 */
final class BoxDump {
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private BoxDump() {}

    /**
     * Write the SQL dump of {@code box} into {@code out}.
     *
     * @param timeout how long the dump may run before it is stopped; {@code null} or zero for no limit
     * @throws ProgramException {@code TIMED_OUT} when stopped after {@code timeout}, {@code FAILED} when the dump program fails
     */
    static void dump(Box box, OutputStream out, Duration timeout, Programs programs, LongConsumer progress)
            throws IOException, SQLException {
        BoxConnection c = box.connection();
        switch (c.engine()) {
            case H2 -> dumpH2(box, out, timeout, progress);
            case POSTGRESQL -> ExternalProgram.of(List.of(DumpTools.POSTGRESQL.requireDump(programs).toString(),
                    "--host", c.host(), "--port", Integer.toString(c.port()), "--username", c.user(), "--dbname", c.dbname(),
                    "--no-password", "--format=plain", "--encoding=UTF8", "--no-owner", "--no-privileges"))
                    .environment(postgresqlEnvironment(c)).output(out, progress).timeout(timeout).runOk();
            case MARIADB -> ExternalProgram.of(List.of(DumpTools.MARIADB.requireDump(programs).toString(),
                    "--protocol=TCP", "--host=" + c.host(), "--port=" + c.port(), "--user=" + c.user(),
                    "--default-character-set=utf8mb4", "--single-transaction", "--routines", "--triggers", "--hex-blob", "--no-tablespaces", c.dbname()))
                    .environment(mariadbEnvironment(c)).output(out, progress).timeout(timeout).runOk();
            default -> throw new IllegalStateException("unknown engine " + c.engine());
        }
    }

    /**
     * Drop the database of {@code c} (closing the other sessions on it), create it empty again and load the dump
     * read from {@code in}. The database must not be open in this process.
     */
    static void recreateAndLoad(BoxConnection c, InputStream in, Programs programs, LongConsumer progress)
            throws IOException, SQLException {
        Path loader = switch (c.engine()) {      // before dropping anything: a missing tool changes nothing
            case POSTGRESQL -> DumpTools.POSTGRESQL.requireLoad(programs);
            case MARIADB -> DumpTools.MARIADB.requireLoad(programs);
            default -> null;
        };
        if (c.engine() == Engine.POSTGRESQL) closeOtherSessions(c);
        DatabaseServer.drop(c);
        DatabaseServer.createIfMissing(c);
        switch (c.engine()) {
            case H2 -> loadH2(c, in);
            case POSTGRESQL -> ExternalProgram.of(List.of(loader.toString(), "-X", "-q", "--no-password",
                    "--set", "ON_ERROR_STOP=1", "--single-transaction",
                    "--host", c.host(), "--port", Integer.toString(c.port()), "--username", c.user(), "--dbname", c.dbname(),
                    "--file", "-")).environment(postgresqlEnvironment(c)).input(in).output(null, progress).runOk();
            case MARIADB -> ExternalProgram.of(List.of(loader.toString(), "--protocol=TCP", "--host=" + c.host(),
                    "--port=" + c.port(), "--user=" + c.user(), "--connect-timeout=" + CONNECT_TIMEOUT_SECONDS,
                    "--default-character-set=utf8mb4", "--batch", c.dbname()))
                    .environment(mariadbEnvironment(c)).input(in).output(null, progress).runOk();
            default -> throw new IllegalStateException("unknown engine " + c.engine());
        }
    }

    private static void dumpH2(Box box, OutputStream out, Duration timeout, LongConsumer progress)
            throws IOException, SQLException {
        long deadline = timeout == null || timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        long written = 0;
        try (Connection conn = box.dataSource().getConnection(); Statement st = conn.createStatement()) {
            Timer watchdog = null;
            if (deadline != Long.MAX_VALUE) {
                watchdog = new Timer("h2-dump-watchdog", true);
                watchdog.schedule(new TimerTask() {
                    @Override public void run() {
                        try {
                            st.cancel();
                        } catch (SQLException ignored) {
                            // the statement ended meanwhile
                        }
                    }
                }, Math.max(1, timeout.toMillis()));
            }
            try (ResultSet rs = st.executeQuery("SCRIPT")) {
                while (rs.next()) {
                    if (System.nanoTime() > deadline) throw new ProgramException(Reason.TIMED_OUT, timeoutMessage(timeout));
                    byte[] line = (rs.getString(1) + "\n").getBytes(StandardCharsets.UTF_8);
                    out.write(line);
                    written += line.length;
                    progress.accept(written);
                }
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) throw new ProgramException(Reason.TIMED_OUT, timeoutMessage(timeout));
                throw e;
            } finally {
                if (watchdog != null) watchdog.cancel();
            }
        }
    }

    private static String timeoutMessage(Duration timeout) {
        return "the H2 SCRIPT did not finish within " + timeout.toSeconds() + " s and was stopped";
    }

    private static void loadH2(BoxConnection c, InputStream in) throws SQLException {
        try (Connection conn = DriverManager.getConnection(c.jdbcUrl(), c.user(), c.password());
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            RunScript.execute(conn, reader);
        } catch (IOException e) {
            throw new SQLException("cannot read the dump: " + e.getMessage(), e);
        }
    }

    /** End the other sessions on a PostgreSQL database so that it can be dropped (what DROP DATABASE … WITH (FORCE) does). */
    private static void closeOtherSessions(BoxConnection c) throws SQLException {
        if (!DatabaseServer.exists(c)) return;
        String host = c.host().contains(":") && !c.host().startsWith("[") ? "[" + c.host() + "]" : c.host();
        Properties props = new Properties();
        props.setProperty("user", c.user());
        props.setProperty("password", c.password());
        props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        try (Connection conn = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + c.port() + "/postgres", props);
             PreparedStatement st = conn.prepareStatement(
                     "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            st.setString(1, c.dbname());
            st.executeQuery().close();
        }
    }

    private static Map<String, String> postgresqlEnvironment(BoxConnection c) {
        Map<String, String> env = new HashMap<>();
        env.put("PGPASSWORD", c.password().isEmpty() ? null : c.password());
        env.put("PGCONNECT_TIMEOUT", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        env.put("PGAPPNAME", "athanor-backup");
        env.put("PGOPTIONS", null);
        env.put("PGSERVICE", null);
        return env;
    }

    private static Map<String, String> mariadbEnvironment(BoxConnection c) {
        Map<String, String> env = new HashMap<>();
        env.put("MYSQL_PWD", c.password().isEmpty() ? null : c.password());
        return env;
    }

    /** Return the server engines among {@code engines}, each once, for checking their tools up front. */
    static List<Engine> servers(List<Engine> engines) {
        List<Engine> servers = new ArrayList<>();
        for (Engine e : engines) if (e.isServer() && !servers.contains(e)) servers.add(e);
        return servers;
    }

    /** Check every tool needed to dump (or load) boxes on {@code engines}; throw naming the package of the first missing. */
    static void requireTools(List<Engine> engines, Programs programs, boolean load) {
        for (Engine e : servers(engines)) {
            if (load) DumpTools.of(e).requireLoad(programs);
            else DumpTools.of(e).requireDump(programs);
        }
    }
}
