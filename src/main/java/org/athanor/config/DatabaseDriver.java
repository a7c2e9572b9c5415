package org.athanor.config;

import java.util.Locale;

/** The database engine of a box, {@code main.database.driver} in the file. */
public enum DatabaseDriver {
    /** Embedded H2 file database; the default. */
    H2(0),
    /** PostgreSQL. */
    POSTGRESQL(5432),
    /** MariaDB, or MySQL. */
    MARIADB(3306);

    private final int defaultPort;

    DatabaseDriver(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** Return the name written in configuration.yml: {@code h2}, {@code postgresql} or {@code mariadb}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Return the port used when the file gives none; 0 for H2, which has no port. */
    public int defaultPort() {
        return defaultPort;
    }

    /**
     * Return the driver written {@code name} in the file.
     *
     * @throws ConfigException naming the accepted values; Phraseanet's {@code pdo_mysql} is refused with the name to use
     */
    public static DatabaseDriver parse(String name) {
        for (DatabaseDriver d : values()) {
            if (d.yamlName().equals(name)) return d;
        }
        throw new ConfigException(problem(name));
    }

    /** Return what is wrong with {@code name} as a driver, for a message that goes on with an example. */
    static String problem(String name) {
        if ("pdo_mysql".equals(name) || "mysql".equals(name)) {
            return "'" + name + "' is Phraseanet's name for MySQL; Athanor calls it mariadb (it serves MySQL too)";
        }
        if ("pdo_pgsql".equals(name) || "pgsql".equals(name) || "postgres".equals(name)) {
            return "'" + name + "' is not a driver name; Athanor calls it postgresql";
        }
        return "expected one of h2, postgresql, mariadb, found '" + name + "'";
    }
}
