package org.athanor.setup.backup;

import java.nio.file.Path;
import java.util.List;
import org.athanor.db.Engine;
import org.athanor.programs.Programs;

/**
 * The client programs that dump and load a server database, and the Debian package that brings them.
 *
 * @param dump names tried in order for dumping, e.g. {@code mariadb-dump}, {@code mysqldump}
 * @param load names tried in order for loading a dump back
 * @param debianPackage what to install when none is found
 */
public record DumpTools(Engine engine, List<String> dump, List<String> load, String debianPackage) {
    /** PostgreSQL: pg_dump and psql from postgresql-client. */
    public static final DumpTools POSTGRESQL = new DumpTools(Engine.POSTGRESQL, List.of("pg_dump"), List.of("psql"), "postgresql-client");
    /** MariaDB or MySQL: mariadb-dump (or mysqldump) and mariadb (or mysql) from mariadb-client. */
    public static final DumpTools MARIADB = new DumpTools(Engine.MARIADB, List.of("mariadb-dump", "mysqldump"),
            List.of("mariadb", "mysql"), "mariadb-client");

    /** Return the tools of a server engine; H2 needs none (it is dumped through JDBC). */
    public static DumpTools of(Engine engine) {
        return switch (engine) {
            case POSTGRESQL -> POSTGRESQL;
            case MARIADB -> MARIADB;
            case H2 -> throw new IllegalArgumentException("h2 is dumped through JDBC and needs no tool");
        };
    }

    /** Return the dump program, or throw naming the package to install. */
    public Path requireDump(Programs programs) {
        return programs.require(dump, debianPackage, "back up " + engine.id() + " databases");
    }

    /** Return the load program, or throw naming the package to install. */
    public Path requireLoad(Programs programs) {
        return programs.require(load, debianPackage, "restore " + engine.id() + " databases");
    }
}
