package org.athanor.setup.upgrade;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.athanor.db.BoxConnection;
import org.athanor.db.Engine;

/**
 * Other processes connected to a box's database, seen by the server before this process opens its pools: servers of
 * the old release write no heartbeat, but their connection pools show. PostgreSQL: {@code pg_stat_activity}; MariaDB:
 * {@code information_schema.PROCESSLIST}. H2 files are covered by their {@code .lock.db} (see {@link Detector}).
 */
final class LiveConnections {
    private LiveConnections() {}

    /** Return one line per other connection to the box's database (empty for H2, or when the server does not tell). */
    static List<String> of(BoxConnection c) {
        if (c.engine() == Engine.H2) return List.of();
        String sql = c.engine() == Engine.POSTGRESQL
                ? "SELECT pid, COALESCE(application_name, ''), COALESCE(CAST(client_addr AS VARCHAR), 'local'), COALESCE(state, '') "
                        + "FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()"
                : "SELECT ID, USER, HOST, COMMAND FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()";
        List<String> out = new ArrayList<>();
        try (Connection conn = DriverManager.getConnection(c.jdbcUrl(), c.user(), c.password());
                PreparedStatement st = conn.prepareStatement(sql)) {
            st.setString(1, c.dbname());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add("connection " + rs.getString(1) + " (" + rs.getString(2) + " from " + rs.getString(3) + ", " + rs.getString(4) + ")");
                }
            }
        } catch (SQLException e) {
            return List.of();      // no right to see the others: the heartbeats still tell
        }
        return out;
    }
}
