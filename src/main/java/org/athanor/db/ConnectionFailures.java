package org.athanor.db;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;

/** Turns a driver's connection failure into a message that says what went wrong and what to check. */
final class ConnectionFailures {
    private ConnectionFailures() {}

    /**
     * Where an administrator sets a connection, for "check …" advice.
     *
     * @param lead words before the setting names, e.g. "the "
     * @param prefix put before each setting name, e.g. "main.database."
     * @param suffix words after the names, e.g. " in config/configuration.yml"
     */
    record Settings(String lead, String prefix, String suffix) {
        static Settings of(BoxKind kind, String name) {
            return kind == BoxKind.APPBOX
                    ? new Settings("", "main.database.", " in config/configuration.yml")
                    : new Settings("the ", "", " registered for databox '" + name + "' in the appbox");
        }

        static Settings given() {
            return new Settings("the ", "", " given for this database");
        }

        String check(String... names) {
            return "check " + lead + Arrays.stream(names).map(n -> prefix + n).collect(Collectors.joining(" and ")) + suffix;
        }
    }

    /** Return a DATABASE_UNREACHABLE exception for a failure to connect to {@code what} (e.g. "appbox 'main'"). */
    static AthanorException unreachable(String what, BoxConnection c, Settings settings, Throwable failure) {
        return new AthanorException(ErrorCode.DATABASE_UNREACHABLE,
                "Cannot open " + what + " (" + c.describe() + "): " + explain(c, settings, failure), failure);
    }

    /** Return the cause in words with the thing to check. */
    static String explain(BoxConnection c, Settings settings, Throwable failure) {
        SQLException sql = find(failure, SQLException.class);
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        int vendor = sql == null ? 0 : sql.getErrorCode();
        String text = deepMessage(failure);
        String lower = text.toLowerCase(Locale.ROOT);
        String server = c.engine().id() + " server at " + c.address();

        if (find(failure, UnknownHostException.class) != null) {
            return "unknown host '" + c.host() + "': " + settings.check("host");
        }
        if (find(failure, ConnectException.class) != null || find(failure, NoRouteToHostException.class) != null
                || lower.contains("connection refused") || lower.contains("socket fail to connect")) {
            return "no " + server + " answers (" + text + "): start the server, or " + settings.check("host", "port");
        }
        if ("28P01".equals(state) || vendor == 1045 || lower.contains("password authentication failed") || lower.contains("access denied for user")) {
            return text + ": " + settings.check("user", "password");
        }
        if ("28000".equals(state)) {
            return text + ": " + settings.check("user", "password") + ", and that the server lets this user connect from this machine (pg_hba.conf for PostgreSQL)";
        }
        if ("3D000".equals(state) || vendor == 1049) {
            return "database '" + c.dbname() + "' does not exist on the " + server
                    + ": create it (bin/setup system:install creates it when the user may), or " + settings.check("dbname");
        }
        if ("42501".equals(state) || vendor == 1044) {
            return text + ": grant the user the rights it needs on database '" + c.dbname() + "', or " + settings.check("user");
        }
        if (vendor == 90020 || lower.contains("database may be already in use")) {
            return "the H2 file is in use by another process (" + text + "): stop the other Athanor process, "
                    + "or move to PostgreSQL or MariaDB to run several processes on one installation";
        }
        if (find(failure, SocketTimeoutException.class) != null || lower.contains("timed out")) {
            return "the " + server + " did not answer in time (" + text + "): check that it runs and that a firewall lets the port through, or "
                    + settings.check("host", "port");
        }
        return text + ": " + settings.check("host", "port", "user", "password", "dbname");
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
            if (type.isInstance(x)) return type.cast(x);
        }
        return null;
    }

    /** Return the most specific message in the cause chain: the driver's, not the pool's wrapper. */
    private static String deepMessage(Throwable t) {
        String best = null;
        for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
            if (x instanceof SQLException && x.getMessage() != null) best = x.getMessage();
        }
        if (best == null) {
            for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
                if (x.getMessage() != null) best = x.getMessage();
            }
        }
        return best == null ? t.getClass().getSimpleName() : clean(best);
    }

    /** Keep the first line and drop PostgreSQL's severity prefix. */
    private static String clean(String s) {
        String line = s.strip();
        int nl = line.indexOf('\n');
        if (nl >= 0) line = line.substring(0, nl).strip();
        for (String severity : new String[] {"FATAL: ", "ERROR: "}) {
            if (line.startsWith(severity)) line = line.substring(severity.length());
        }
        return line;
    }
}
