package org.athanor.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

/**
 * One open database: a HikariCP pool and a Jdbi over it.
 *
 * <p>Timestamps are stored in UTC: the Jdbi of a box writes an {@link Instant} as its UTC wall-clock time into
 * {@code TIMESTAMP}/{@code DATETIME} columns and reads such columns back as {@code Instant}, whatever the
 * time zone of the JVM or of the database session. Bind and map {@code Instant}, not {@code LocalDateTime}.
 */
public final class Box implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** Seconds a driver waits for the server before giving up; the pool waits as long for a free connection. */
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private final BoxKind kind;
    private final String name;
    private volatile BoxConnection connection;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private volatile long waitMillis = CONNECT_TIMEOUT_SECONDS * 1000L;

    private Box(BoxKind kind, String name, BoxConnection connection, HikariDataSource dataSource) {
        this.kind = kind;
        this.name = name;
        this.connection = connection;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(() -> connection(waitMillis));
        jdbi.registerArgument(new InstantAsUtc());
        jdbi.registerColumnMapper(Instant.class, (rs, column, ctx) -> {
            LocalDateTime utc = rs.getObject(column, LocalDateTime.class);
            return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
        });
    }

    /**
     * Open a pool on the box's database and check that it answers; nothing is created or migrated (an H2 file that
     * does not exist is refused, see {@link DatabaseServer#createIfMissing(BoxConnection)} to create one).
     *
     * @param name the box's name in messages and pool names: {@code main} for the appbox, the databox name otherwise
     * @throws org.athanor.core.AthanorException DATABASE_UNREACHABLE with the cause in words and the setting to check;
     *         NOT_INSTALLED when the H2 file does not exist
     */
    public static Box open(BoxKind kind, String name, BoxConnection connection) {
        return open(kind, name, connection, true);
    }

    /**
     * As {@link #open(BoxKind, String, BoxConnection)}; with {@code restrictModes} false an H2 box's folder and files keep
     * their modes (a report such as {@code check:system} opens boxes so, to change nothing it reports on).
     */
    public static Box open(BoxKind kind, String name, BoxConnection connection, boolean restrictModes) {
        if (kind == null) throw new IllegalArgumentException("box kind is missing: give APPBOX or DATABOX");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(kind.folder() + " name '" + name + "' is not allowed: use 1 to 64 letters, digits, '_', '-' or '.'");
        }
        if (connection == null) throw new IllegalArgumentException(kind.folder() + " '" + name + "' has no connection: give where its database lives");
        if (connection.engine() == Engine.H2 && !java.nio.file.Files.isRegularFile(connection.h2File())) {
            throw new AthanorException(ErrorCode.NOT_INSTALLED, "The H2 database of the " + kind.folder() + " '" + name + "' does not exist: "
                    + connection.h2File() + " is missing. Nothing was created. " + (kind == BoxKind.APPBOX
                    ? "Check main.database.path in configuration.yml, or install with bin/setup system:install."
                    : "Put the file back (or restore it with system:restore-db): the appbox registers the databox at that path (bin/console databox:list)."));
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("athanor-" + kind.folder() + "-" + name);
        config.setJdbcUrl(connection.jdbcUrl());
        config.setUsername(connection.user());
        config.setPassword(connection.password());
        config.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS * 1000L);
        config.setMaximumPoolSize(10);
        config.setMinimumIdle(1);
        switch (connection.engine()) {
            case POSTGRESQL:
                config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
                config.addDataSourceProperty("ApplicationName", "athanor");
                break;
            case MARIADB:
                config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS * 1000));
                break;
            default:
                break;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                Box box = new Box(kind, name, connection, new HikariDataSource(config));
                if (restrictModes) EmbeddedDatabaseSecurity.restrictBox(connection);   // H2 made its .lock.db (and maybe .trace.db) with the umask
                return box;
            } catch (RuntimeException e) {
                // two processes opening one H2 file at the same instant: the second can find the file locked before the
                // first has started the auto-server it would connect through; a moment later it connects
                if (connection.engine() == Engine.H2 && attempt < H2_OPEN_ATTEMPTS && lockedByAnotherProcess(e)) {
                    sleepQuietly(100L * attempt);
                    continue;
                }
                throw ConnectionFailures.unreachable(kind.folder() + " '" + name + "'", connection, ConnectionFailures.Settings.of(kind, name), e);
            }
        }
    }

    /**
     * Change the password of this H2 box's user to {@code password} through an open connection, and have the pool use it
     * for the connections it opens from now on (those already open stay valid). Used when an installation made without
     * an H2 password gets one while its boxes are open (the upgrade).
     */
    public void changeH2Password(String password) {
        if (engine() != Engine.H2) throw new IllegalStateException(describe() + " is not an H2 database");
        if (password == null || !password.matches("[0-9a-f]{16,128}")) throw new IllegalArgumentException("an H2 password here is 16 to 128 hex digits");
        jdbi.useHandle(h -> {
            String user = h.createQuery("SELECT CURRENT_USER").mapTo(String.class).one();
            h.execute("ALTER USER \"" + user.replace("\"", "\"\"") + "\" SET PASSWORD '" + password + "'");
            h.execute("CHECKPOINT SYNC");   // on disk now: the configuration already holds the new password
        });
        dataSource.getHikariConfigMXBean().setPassword(password);
        connection = connection.withPassword(password);
    }

    /** How many times opening an H2 box is tried while another process is starting to serve the same file. */
    private static final int H2_OPEN_ATTEMPTS = 10;

    private static boolean lockedByAnotherProcess(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException q && q.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) return true;
        }
        return false;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Return whether this is the appbox or a databox. */
    public BoxKind kind() {
        return kind;
    }

    /** Return the box's name: {@code main} for the appbox, the databox's name otherwise. */
    public String name() {
        return name;
    }

    /** Return where the box's database lives. */
    public BoxConnection connection() {
        return connection;
    }

    /** Return the engine of the box's database. */
    public Engine engine() {
        return connection.engine();
    }

    /** Return the pool; connections taken from it must be closed by the caller. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Make the Jdbi of this box wait at most {@code wait} for a connection (default 10 s). The web server shortens it,
     * so that a request during a database outage gets its 503 in a second instead of hanging; Flyway and
     * {@link #dataSource()} keep the pool's own wait.
     */
    public void limitConnectionWait(Duration wait) {
        waitMillis = Math.max(250, wait.toMillis());   // HikariCP's floor
    }

    /** Return whether the database gives a working connection within {@code wait}; never throws. */
    public boolean answers(Duration wait) {
        try (Connection c = connection(Math.max(250, wait.toMillis()))) {
            return c.isValid((int) Math.max(1, wait.toSeconds()));
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private Connection connection(long wait) throws SQLException {
        if (dataSource.isClosed() || !(dataSource.getHikariPoolMXBean() instanceof HikariPool pool))
            return dataSource.getConnection();   // closed: the pool's own error
        return pool.getConnection(wait);
    }

    /** Return the Jdbi over the pool, with {@code Instant} bound and read as UTC. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** Return a description for messages: {@code appbox 'main' (postgresql athanor_appbox on 127.0.0.1:5432 as athanor)}. */
    public String describe() {
        return kind.folder() + " '" + name + "' (" + connection.describe() + ")";
    }

    /** Close the pool and its connections; an H2 database is closed with its last connection. Safe to call twice. */
    @Override
    public void close() {
        dataSource.close();
    }

    @Override
    public String toString() {
        return "Box[" + describe() + "]";
    }

    /** Binds an {@code Instant} as the UTC wall-clock {@code LocalDateTime}, which all three drivers store as given. */
    private static final class InstantAsUtc extends AbstractArgumentFactory<Instant> {
        InstantAsUtc() {
            super(Types.TIMESTAMP);
        }

        @Override
        protected Argument build(Instant value, ConfigRegistry config) {
            LocalDateTime utc = LocalDateTime.ofInstant(value, ZoneOffset.UTC);
            return (position, statement, ctx) -> statement.setObject(position, utc);
        }
    }
}
