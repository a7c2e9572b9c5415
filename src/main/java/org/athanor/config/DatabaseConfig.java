package org.athanor.config;

import java.util.Objects;

/**
 * {@code main.database}: where the application box (appbox) lives.
 *
 * <p>For {@link DatabaseDriver#H2} only {@code path} counts (the database file without {@code .mv.db}, absolute
 * once loaded); {@code host}, {@code port} and {@code dbname} are ignored and read as {@code null}/0. For
 * PostgreSQL and MariaDB {@code host}, {@code user} and {@code dbname} are required and {@code path} is {@code null}.
 *
 * @param port 1..65535 for PostgreSQL and MariaDB (default 5432 / 3306); 0 for H2
 * @param user for H2 defaults to {@code sa}
 * @param password may be empty; never printed
 */
public record DatabaseConfig(DatabaseDriver driver, String path, String host, int port, String user, String password,
                             String dbname) {

    public DatabaseConfig {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (driver == DatabaseDriver.H2) {
            if (path == null || path.isBlank()) {
                throw new ConfigException("main.database.path is required when driver is h2. Example: path: /srv/athanor-data/db/appbox");
            }
        } else {
            String example = driver == DatabaseDriver.POSTGRESQL ? "5432" : "3306";
            if (host == null || host.isBlank()) {
                throw new ConfigException("main.database.host is required when driver is " + driver.yamlName() + ". Example: host: 127.0.0.1");
            }
            if (dbname == null || dbname.isBlank()) {
                throw new ConfigException("main.database.dbname is required when driver is " + driver.yamlName() + ". Example: dbname: athanor_appbox");
            }
            if (user.isBlank()) {
                throw new ConfigException("main.database.user is required when driver is " + driver.yamlName() + ". Example: user: athanor");
            }
            if (port < 1 || port > 65535) {
                throw new ConfigException("main.database.port: expected a whole number from 1 to 65535, found " + port + ". Example: port: " + example);
            }
        }
    }

    /** Describe this without the password. */
    @Override
    public String toString() {
        return "DatabaseConfig[driver=" + driver.yamlName() + ", path=" + path + ", host=" + host + ", port=" + port
                + ", user=" + user + ", password=" + (password.isEmpty() ? "(empty)" : "(hidden)") + ", dbname=" + dbname + "]";
    }
}
