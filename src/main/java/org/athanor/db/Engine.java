package org.athanor.db;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;

/** A database engine Athanor can keep a box in. */
public enum Engine {
    /** Embedded H2, one file per box; no server, no port. */
    H2("h2", 0),
    /** PostgreSQL server. */
    POSTGRESQL("postgresql", 5432),
    /** MariaDB (or MySQL) server. */
    MARIADB("mariadb", 3306);

    private final String id;
    private final int defaultPort;

    Engine(String id, int defaultPort) {
        this.id = id;
        this.defaultPort = defaultPort;
    }

    /** Return the name used in configuration.yml and in messages: {@code h2}, {@code postgresql}, {@code mariadb}. */
    public String id() {
        return id;
    }

    /** Return the port the engine's server listens on by default; 0 for H2, which has no server. */
    public int defaultPort() {
        return defaultPort;
    }

    /** Return whether this engine runs as a server that holds many databases (PostgreSQL, MariaDB). */
    public boolean isServer() {
        return this != H2;
    }

    /**
     * Return the engine named {@code name} ({@code h2}, {@code postgresql}, {@code mariadb}; case ignored;
     * {@code mysql} and {@code postgres} are accepted as aliases).
     *
     * @throws AthanorException BAD_ARGUMENT naming the accepted values
     */
    public static Engine of(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "mysql": return MARIADB;
            case "postgres": return POSTGRESQL;
            default: break;
        }
        for (Engine e : values()) {
            if (e.id.equals(n)) return e;
        }
        throw new AthanorException(ErrorCode.BAD_ARGUMENT, "Unknown database engine '" + name + "': expected one of "
                + Arrays.stream(values()).map(Engine::id).collect(Collectors.joining(", ")) + ".");
    }
}
