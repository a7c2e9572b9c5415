package org.athanor.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Reads the UTC timestamps a {@link Box}'s Jdbi writes, in hand-written row mappers. */
public final class Timestamps {
    private Timestamps() {}

    /** Return the column as an instant (it holds UTC wall-clock time), or null. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime utc = rs.getObject(column, LocalDateTime.class);
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }
}
