package org.athanor.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Set;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;

/**
 * Whether one box's database answers, for {@code /health} and for the web server's outage handling; the web server
 * asks here instead of holding the database itself.
 */
public final class DatabaseHealth {
    private static final Set<String> CONNECTION_STATES = Set.of("57P01", "57P02", "57P03", "55000", "3D000", "53300");

    private final Box box;

    public DatabaseHealth(Box box) {
        this.box = box;
    }

    /** Make every query of this box wait at most {@code wait} for a connection: see {@link Box#limitConnectionWait}. */
    public void limitConnectionWait(Duration wait) {
        box.limitConnectionWait(wait);
    }

    /** Return whether the database gives a working connection within {@code wait}; never throws. */
    public boolean answers(Duration wait) {
        return box.answers(wait);
    }

    /** Return the box's description for messages, e.g. {@code appbox 'main' (h2 /data/db/appbox)}. */
    public String describe() {
        return box.describe();
    }

    /** The class of the failures of database statements, which the web server maps to 503 (outage) or 500. */
    public static final Class<JdbiException> FAILURE = JdbiException.class;

    /** Return the driver's words when {@code e} is a failure to get or keep a connection, else null. */
    public static String connectionFailure(Throwable e) {
        boolean connection = false;
        String words = null;
        for (Throwable x = e; x != null; x = x.getCause() == x ? null : x.getCause()) {
            if (x instanceof ConnectionException || x instanceof SQLTransientConnectionException
                    || x instanceof SQLNonTransientConnectionException || x instanceof SQLRecoverableException) connection = true;
            if (x instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                if (state.startsWith("08") || CONNECTION_STATES.contains(state)) connection = true;
                if (sql.getMessage() != null) words = sql.getMessage().strip().lines().findFirst().orElse("");
            }
        }
        if (!connection) return null;
        return words == null ? e.getClass().getSimpleName() : words;
    }
}
