package org.athanor.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and drops the database of a box on a server (PostgreSQL, MariaDB) or its H2 file.
 *
 * <p>Server operations connect to the server's maintenance database ({@code postgres} on PostgreSQL, none on
 * MariaDB) with the box's own credentials, so the box's user needs the right to create databases for
 * {@link #createIfMissing(BoxConnection)}; otherwise an administrator creates the database first.
 */
public final class DatabaseServer {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseServer.class);
    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final List<String> H2_FILE_SUFFIXES = List.of(".mv.db", ".trace.db", ".lock.db", ".mv.db.tempFile");

    private DatabaseServer() {}

    /** Return whether the box's database exists (for H2: whether its {@code .mv.db} file exists). */
    public static boolean exists(BoxConnection c) {
        if (c.engine() == Engine.H2) return Files.exists(c.h2File());
        String sql = c.engine() == Engine.POSTGRESQL
                ? "SELECT 1 FROM pg_database WHERE datname = ?"
                : "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?";
        try (Connection conn = connectToServer(c); PreparedStatement st = conn.prepareStatement(sql)) {
            st.setString(1, c.dbname());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw failure("look up database '" + c.dbname() + "'", c, e);
        }
    }

    /**
     * Create the box's database unless it exists: PostgreSQL {@code ENCODING 'UTF8'} from {@code template0},
     * MariaDB {@code CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci}; for H2, create the parent folder (mode
     * 0700) and the database file (0600) with the connection's user and password.
     */
    public static void createIfMissing(BoxConnection c) {
        if (c.engine() == Engine.H2) {
            try {
                EmbeddedDatabaseSecurity.createPrivateFolder(c.h2Path().getParent());
            } catch (IOException e) {
                throw new AthanorException(ErrorCode.IO, "Cannot create folder " + c.h2Path().getParent() + " for the H2 database "
                        + c.h2File() + ": " + e.getMessage() + ": check that the folder is writable by the user running Athanor", e);
            }
            if (!Files.exists(c.h2File())) {
                // the only place a box's H2 database is created: every other URL carries IFEXISTS=TRUE
                try (Connection ignored = DriverManager.getConnection(c.h2LocalJdbcUrl(true), c.user(), c.password())) {
                    LOG.debug("created H2 database {}", c.h2File());
                } catch (SQLException e) {
                    throw failure("create H2 database " + c.h2File(), c, e);
                }
            }
            EmbeddedDatabaseSecurity.restrictBox(c);
            return;
        }
        if (exists(c)) return;
        String sql = c.engine() == Engine.POSTGRESQL
                ? "CREATE DATABASE \"" + c.dbname() + "\" ENCODING 'UTF8' TEMPLATE template0"
                : "CREATE DATABASE IF NOT EXISTS `" + c.dbname() + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci";
        try (Connection conn = connectToServer(c); Statement st = conn.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) return; // created meanwhile by someone else: fine
            if ("42501".equals(e.getSQLState()) || e.getErrorCode() == 1044) {
                throw new AthanorException(ErrorCode.DATABASE_UNREACHABLE, "Cannot create database '" + c.dbname() + "' on the "
                        + c.engine().id() + " server at " + c.address() + ": user " + c.user() + " may not create databases ("
                        + e.getMessage().strip() + "). Create it as an administrator: " + sql + (c.engine() == Engine.POSTGRESQL
                        ? " OWNER \"" + c.user() + "\"" : "; GRANT ALL ON `" + c.dbname() + "`.* TO '" + c.user() + "'") + ";", e);
            }
            throw failure("create database '" + c.dbname() + "'", c, e);
        }
    }

    /** Drop the box's database if it exists; for H2 delete its {@code .mv.db} and {@code .trace.db} files. Close its boxes first. */
    public static void drop(BoxConnection c) {
        if (c.engine() == Engine.H2) {
            for (String suffix : H2_FILE_SUFFIXES) {
                Path file = c.h2Path().resolveSibling(c.h2Path().getFileName() + suffix);
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new AthanorException(ErrorCode.IO, "Cannot delete H2 file " + file + ": " + e.getMessage()
                            + ": stop the Athanor processes using it and check the folder's permissions", e);
                }
            }
            return;
        }
        String sql = c.engine() == Engine.POSTGRESQL
                ? "DROP DATABASE IF EXISTS \"" + c.dbname() + "\""
                : "DROP DATABASE IF EXISTS `" + c.dbname() + "`";
        try (Connection conn = connectToServer(c); Statement st = conn.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            if ("55006".equals(e.getSQLState())) {
                throw new AthanorException(ErrorCode.CONFLICT, "Cannot drop database '" + c.dbname() + "' on the postgresql server at "
                        + c.address() + ": it is in use (" + e.getMessage().strip() + "). Stop the Athanor processes using it and try again.", e);
            }
            throw failure("drop database '" + c.dbname() + "'", c, e);
        }
    }

    /**
     * Drop every table of the box's database, keeping the database itself; undoes a failed creation in a database that
     * existed, empty, before.
     */
    public static void dropTables(BoxConnection c) {
        if (!exists(c)) return;
        String url = c.engine() == Engine.H2 ? c.jdbcUrl() + ";IFEXISTS=TRUE" : c.jdbcUrl();
        try (Connection conn = connect(url, c); Statement st = conn.createStatement()) {
            if (c.engine() == Engine.H2) {
                st.execute("DROP ALL OBJECTS");
                return;
            }
            String list = c.engine() == Engine.POSTGRESQL
                    ? "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    : "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()";
            List<String> tables = new java.util.ArrayList<>();
            try (ResultSet rs = st.executeQuery(list)) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            if (c.engine() == Engine.MARIADB) st.execute("SET FOREIGN_KEY_CHECKS = 0");
            for (String t : tables) {
                String quoted = c.engine() == Engine.POSTGRESQL ? "\"" + t.replace("\"", "\"\"") + "\" CASCADE" : "`" + t.replace("`", "``") + "`";
                st.execute("DROP TABLE IF EXISTS " + quoted);
            }
            if (c.engine() == Engine.MARIADB) st.execute("SET FOREIGN_KEY_CHECKS = 1");
        } catch (SQLException e) {
            throw failure("drop the tables of " + c.describe(), c, e);
        }
    }

    /** Return whether the box's database holds no table; a database or H2 file that does not exist counts as empty. */
    public static boolean isEmpty(BoxConnection c) {
        if (!exists(c)) return true;
        String sql;
        switch (c.engine()) {
            case H2:
                sql = "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_SCHEMA) <> 'information_schema'";
                break;
            case POSTGRESQL:
                sql = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')";
                break;
            default:
                sql = "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()";
                break;
        }
        String url = c.engine() == Engine.H2 ? c.jdbcUrl() + ";IFEXISTS=TRUE" : c.jdbcUrl();
        try (Connection conn = connect(url, c); Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1) == 0;
        } catch (SQLException e) {
            throw failure("look at the tables of " + (c.engine() == Engine.H2 ? c.h2File().toString() : "database '" + c.dbname() + "'"), c, e);
        }
    }

    /**
     * Return the server's product name and version, e.g. {@code PostgreSQL 15.8}, {@code MariaDB 10.11.6-MariaDB};
     * for H2 the version of the embedded engine, e.g. {@code H2 2.5.252 (2025-…)}, without opening the box's file.
     */
    public static String serverVersion(BoxConnection c) {
        String url = c.engine() == Engine.H2 ? "jdbc:h2:mem:" : c.serverJdbcUrl();
        try (Connection conn = connect(url, c)) {
            DatabaseMetaData meta = conn.getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
        } catch (SQLException e) {
            throw failure("read the version of the " + c.engine().id() + " server", c, e);
        }
    }

    private static Connection connectToServer(BoxConnection c) throws SQLException {
        return connect(c.serverJdbcUrl(), c);
    }

    private static Connection connect(String url, BoxConnection c) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", c.user());
        props.setProperty("password", c.password());
        if (c.engine() == Engine.POSTGRESQL) props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        if (c.engine() == Engine.MARIADB) props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS * 1000));
        return DriverManager.getConnection(url, props);
    }

    private static AthanorException failure(String action, BoxConnection c, SQLException e) {
        String where = c.engine() == Engine.H2 ? c.describe() : c.engine().id() + " server at " + c.address() + " as " + c.user();
        return new AthanorException(ErrorCode.DATABASE_UNREACHABLE, "Cannot " + action + " (" + where + "): "
                + ConnectionFailures.explain(c, ConnectionFailures.Settings.given(), e), e);
    }
}
