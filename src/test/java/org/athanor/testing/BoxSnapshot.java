package org.athanor.testing;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.athanor.db.BoxConnection;
import org.athanor.db.Engine;

/** The whole content of a box's database, table by table, rows ordered by primary key: compare two with equals. */
public final class BoxSnapshot {
    private BoxSnapshot() {}

    /** Return table name → rows (each row its columns as text), for every table of the database of {@code c}. */
    public static Map<String, List<List<String>>> of(BoxConnection c) {
        try (Connection conn = DriverManager.getConnection(c.jdbcUrl() + (c.engine() == Engine.H2 ? ";IFEXISTS=TRUE" : ""), c.user(), c.password())) {
            DatabaseMetaData meta = conn.getMetaData();
            String catalog = c.engine() == Engine.MARIADB ? c.dbname() : null;
            String schema = c.engine() == Engine.MARIADB ? null : "public";
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = meta.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
                while (rs.next()) tables.add(rs.getString("TABLE_NAME"));
            }
            Map<String, List<List<String>>> content = new TreeMap<>();
            for (String table : tables) {
                List<String> keys = new ArrayList<>();
                try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, table)) {
                    while (rs.next()) keys.add(rs.getString("COLUMN_NAME"));
                }
                String order = keys.isEmpty() ? "1" : String.join(", ", keys);
                List<List<String>> rows = new ArrayList<>();
                try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY " + order)) {
                    ResultSetMetaData rm = rs.getMetaData();
                    while (rs.next()) {
                        List<String> row = new ArrayList<>();
                        for (int i = 1; i <= rm.getColumnCount(); i++) row.add(rm.getColumnLabel(i) + "=" + rs.getString(i));
                        rows.add(row);
                    }
                }
                content.put(table, rows);
            }
            return content;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + c.describe() + ": " + e.getMessage(), e);
        }
    }
}
