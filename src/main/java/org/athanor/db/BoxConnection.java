package org.athanor.db;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where one box lives.
 *
 * <p>For H2, {@code h2Path} is the database file's absolute path without {@code .mv.db}, the user is {@code sa}
 * with the installation's H2 password ({@code main.database.password}, generated at install; empty only in
 * installations made before 4.0.0 secured them, see {@link EmbeddedDatabaseSecurity}), and host, port and dbname are
 * unused ({@code null}, 0, {@code null}). For PostgreSQL and
 * MariaDB, host, port, user, password and dbname say where the database is and {@code h2Path} is {@code null}.
 * {@link #toString()} and {@link #describe()} never show the password.
 */
public record BoxConnection(Engine engine, String host, int port, String user, String password, String dbname, Path h2Path) {
    private static final Pattern DBNAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
    /** PostgreSQL truncates identifiers beyond 63 bytes, which would then not match the URL. */
    private static final int POSTGRESQL_MAX_NAME = 63;
    private static final String H2_SUFFIX = ".mv.db";

    public BoxConnection {
        if (engine == null) throw new IllegalArgumentException("engine is missing: give h2, postgresql or mariadb");
        if (engine == Engine.H2) {
            if (h2Path == null) throw new IllegalArgumentException("h2 database path is missing: give the absolute path of the database file without .mv.db, e.g. /var/lib/athanor-data/db/appbox");
            if (!h2Path.isAbsolute()) throw new IllegalArgumentException("h2 database path '" + h2Path + "' is relative: give an absolute path, e.g. " + h2Path.toAbsolutePath());
            if (h2Path.getFileName().toString().endsWith(H2_SUFFIX)) {
                throw new IllegalArgumentException("h2 database path '" + h2Path + "' ends with " + H2_SUFFIX + ": give it without the suffix, H2 adds it");
            }
            h2Path = h2Path.normalize();
            if (user == null || user.isBlank()) user = "sa";
            if (password == null) password = "";
        } else {
            String where = engine.id() + " database '" + dbname + "'";
            if (h2Path != null) throw new IllegalArgumentException(where + " has an h2 path '" + h2Path + "': a path is only for h2, remove it or set the engine to h2");
            if (host == null || host.isBlank()) throw new IllegalArgumentException(where + ": host is missing, give the server's name or address, e.g. 127.0.0.1");
            if (port < 1 || port > 65535) throw new IllegalArgumentException(where + ": port " + port + " is out of range 1..65535; the " + engine.id() + " default is " + engine.defaultPort());
            if (user == null || user.isBlank()) throw new IllegalArgumentException(where + " on " + host + ":" + port + ": user is missing, give the database user Athanor connects as");
            if (password == null) password = "";
            if (dbname == null || !DBNAME.matcher(dbname).matches()) {
                throw new IllegalArgumentException(engine.id() + " database name '" + dbname + "' on " + host + ":" + port
                        + " is not allowed: use 1 to 64 letters, digits or underscores, e.g. athanor_appbox");
            }
            if (engine == Engine.POSTGRESQL && dbname.length() > POSTGRESQL_MAX_NAME) {
                throw new IllegalArgumentException("postgresql database name '" + dbname + "' has " + dbname.length()
                        + " characters: PostgreSQL allows at most 63, shorten it");
            }
        }
    }

    static {
        // H2's auto-server (see jdbcUrl) listens on loopback only, unless an administrator chose another address.
        if (System.getProperty("h2.bindAddress") == null) System.setProperty("h2.bindAddress", "127.0.0.1");
    }

    /**
     * Return the connection to the H2 file database at {@code path} (absolute, without {@code .mv.db}) as {@code sa}
     * with an empty password: only for databases that have none (tests, installations not yet secured).
     */
    public static BoxConnection h2(Path path) {
        return h2(path, "");
    }

    /** Return the connection to the H2 file database at {@code path} (absolute, without {@code .mv.db}) as {@code sa} with {@code password}. */
    public static BoxConnection h2(Path path, String password) {
        return new BoxConnection(Engine.H2, null, 0, "sa", password, null, path);
    }

    /** Return this H2 connection with another password (used while an installation's H2 password is being set). */
    public BoxConnection withPassword(String newPassword) {
        if (engine != Engine.H2) throw new IllegalStateException("only H2 passwords are managed by Athanor, not " + describe());
        return h2(h2Path, newPassword);
    }

    /**
     * Return where a new database named {@code name} lives beside this one: an H2 file in the same folder (same password),
     * or a database on the same server; a non-null {@code host}, {@code port}, {@code user} or {@code password} replaces this one's.
     */
    public BoxConnection beside(String name, String host, Integer port, String user, String password) {
        return engine == Engine.H2
                ? h2(h2Path.resolveSibling(name), this.password)
                : server(engine, host != null ? host : this.host, port != null ? port : this.port,
                        user != null ? user : this.user, password != null ? password : this.password, name);
    }

    /** Return the connection to database {@code dbname} on a PostgreSQL or MariaDB server. */
    public static BoxConnection server(Engine engine, String host, int port, String user, String password, String dbname) {
        if (engine == Engine.H2) throw new IllegalArgumentException("h2 has no server: use BoxConnection.h2(path)");
        return new BoxConnection(engine, host, port, user, password, dbname, null);
    }

    /**
     * Return the JDBC URL of the database.
     *
     * <p>H2: {@code jdbc:h2:file:<path>;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE;IFEXISTS=TRUE}. {@code IFEXISTS=TRUE}:
     * opening a box never creates a database (a wrong path must not leave an empty database behind); only
     * {@link DatabaseServer#createIfMissing(BoxConnection)} creates one. No
     * compatibility {@code MODE}: the migrations are written in SQL that plain H2, PostgreSQL and MariaDB all accept,
     * and a mode would let engine-specific SQL pass on H2 that fails on the others. {@code DATABASE_TO_LOWER=TRUE}:
     * unquoted names fold to lower case as on PostgreSQL, so the tables Flyway creates with quoted lower-case names
     * (its history table) and ours answer to the same plain SQL, and metadata lists the same names on all three
     * engines. {@code AUTO_SERVER=TRUE}: the first process that opens the file serves it to the others of this
     * machine (bin/console while server:run runs, as the upgrade procedure needs), on a loopback port named in the
     * {@code .lock.db} file with a random key (H2's servers are bound to 127.0.0.1, see the static block). The
     * database closes when the pool closes its last connection (the default {@code DB_CLOSE_DELAY=0}); H2 refuses
     * {@code DB_CLOSE_ON_EXIT=FALSE} with the auto-server, so commands stop their servers before the JVM exits.
     * {@code AUTO_RECONNECT=TRUE}: when the serving process exits, the others reconnect (one of them serving next);
     * a transaction in flight then fails and its caller may retry it from the start.
     *
     * <p>PostgreSQL: {@code jdbc:postgresql://host:port/dbname}. MariaDB: {@code jdbc:mariadb://host:port/dbname};
     * Connector/J 3 always speaks utf8mb4.
     */
    public String jdbcUrl() {
        switch (engine) {
            case H2: return "jdbc:h2:file:" + h2Path + ";DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE;IFEXISTS=TRUE";
            case POSTGRESQL: return "jdbc:postgresql://" + hostForUrl() + ":" + port + "/" + dbname;
            case MARIADB: return "jdbc:mariadb://" + hostForUrl() + ":" + port + "/" + dbname;
            default: throw new IllegalStateException("unknown engine " + engine);
        }
    }

    /**
     * Return the URL that opens the H2 file in this process only (no auto-server), creating it when {@code create}:
     * for creating a box, and for changing its password while no other process uses it.
     */
    String h2LocalJdbcUrl(boolean create) {
        if (engine != Engine.H2) throw new IllegalStateException(describe() + " is not an H2 database");
        return "jdbc:h2:file:" + h2Path + ";DATABASE_TO_LOWER=TRUE" + (create ? "" : ";IFEXISTS=TRUE");
    }

    /** Return the URL of the server's maintenance database, used to create or drop this box's database. */
    String serverJdbcUrl() {
        switch (engine) {
            case POSTGRESQL: return "jdbc:postgresql://" + hostForUrl() + ":" + port + "/postgres";
            case MARIADB: return "jdbc:mariadb://" + hostForUrl() + ":" + port + "/";
            default: throw new IllegalStateException(engine.id() + " has no server");
        }
    }

    /** Return {@code host:port} for servers, the file path for H2. */
    public String address() {
        return engine == Engine.H2 ? h2Path + H2_SUFFIX : host + ":" + port;
    }

    /**
     * Return a description for messages, without the password: {@code postgresql athanor_appbox on 127.0.0.1:5432 as athanor},
     * {@code h2 /var/lib/athanor-data/db/appbox.mv.db}.
     */
    public String describe() {
        return engine == Engine.H2 ? "h2 " + address() : engine.id() + " " + dbname + " on " + address() + " as " + user;
    }

    /** Return the path of H2's main file ({@code <h2Path>.mv.db}); {@code null} for servers. */
    public Path h2File() {
        if (h2Path == null) return null;
        return h2Path.resolveSibling(h2Path.getFileName() + H2_SUFFIX);
    }

    private String hostForUrl() {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return "BoxConnection[" + describe() + (password.isEmpty() ? "" : ", password ***") + "]";
    }

    /** Where the appbox lives, from {@code main.database} of configuration.yml. */
    public static BoxConnection of(org.athanor.config.DatabaseConfig d) {
        return switch (d.driver()) {
            case H2 -> h2(java.nio.file.Path.of(d.path()), d.password());
            case POSTGRESQL -> server(Engine.POSTGRESQL, d.host(), d.port(), d.user(), d.password(), d.dbname());
            case MARIADB -> server(Engine.MARIADB, d.host(), d.port(), d.user(), d.password(), d.dbname());
        };
    }
}
