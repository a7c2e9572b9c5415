package org.athanor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.athanor.db.BoxConnection;
import org.athanor.db.Engine;

/**
 * What an upgrade must keep, read from an installation by its configuration file alone, through whatever schema it has
 * (4.0.0-alpha.1's, alpha.2's or the current one): every table of the appbox and of each databox, rows by primary key,
 * each row its columns as text; plus the SHA-256 of every file a {@code subdefs} row points to.
 *
 * <p>Independent of the upgrade's own proof on purpose. Left out, because an upgrade may rightly change them: the
 * tables {@code sessions} (signed-in browsers are disconnected), {@code athanor_schema_history},
 * {@code scheduler_state}, and anything made for the upgrade itself (tables named {@code upgrade_*}); in
 * {@code app_info} and {@code databox_info}, the rows recording versions; in {@code tasks}, the actual state
 * written by a running scheduler; a {@code records.sha256} that was empty (filled by the upgrade's checksum
 * migration). {@link #differencesTo} then accepts new tables, new columns and new info rows in the
 * later snapshot and reports everything else: a missing table, column or row, a changed value, a changed file.
 */
public record InstallationSnapshot(Map<String, Map<String, List<Map<String, String>>>> boxes, Map<String, String> files) {
    private static final Set<String> SKIPPED_TABLES = Set.of("sessions", "athanor_schema_history", "scheduler_state", "flyway_schema_history");
    private static final Set<String> RUNTIME_COLUMNS = Set.of("tasks.actual_status", "tasks.host", "tasks.pid", "tasks.heartbeat",
            "tasks.last_run", "tasks.crash_count", "jobs.lease_owner", "jobs.lease_until");
    /** Columns a data migration of the upgrade fills where they were empty (records.sha256: the originals' checksums). */
    private static final Set<String> BACKFILLED_COLUMNS = Set.of("records.sha256");
    private static final Set<String> INFO_TABLES = Set.of("app_info", "databox_info");

    /** Read the installation whose configuration is {@code configFile}. */
    public static InstallationSnapshot of(Path configFile) {
        Where where = Where.of(configFile);
        Map<String, Map<String, List<Map<String, String>>>> boxes = new TreeMap<>();
        Map<String, String> files = new TreeMap<>();
        boxes.put("appbox", tables(where.appbox()));
        List<Map<String, String>> registry = boxes.get("appbox").getOrDefault("databoxes", List.of());
        for (Map<String, String> row : registry) {
            BoxConnection databox = where.databox(row);
            Map<String, List<Map<String, String>>> content = tables(databox);
            boxes.put("databox " + row.get("name"), content);
            for (Map<String, String> subdef : content.getOrDefault("subdefs", List.of())) {
                Path file = where.data().resolve(subdef.get("path")).resolve(subdef.get("file"));
                files.put(row.get("name") + ":" + subdef.get("path") + "/" + subdef.get("file"), Files.isRegularFile(file) ? sha256(file) : "missing");
            }
        }
        return new InstallationSnapshot(boxes, files);
    }

    /** Return how many rows {@code table} of {@code box} ("appbox" or "databox NAME") holds here. */
    public int rows(String box, String table) {
        return boxes.getOrDefault(box, Map.of()).getOrDefault(table, List.of()).size();
    }

    /**
     * Return every difference between this (before) and {@code after} that loses or changes data, one line each
     * naming the box, table, row key and column; empty when {@code after} keeps everything.
     */
    public List<String> differencesTo(InstallationSnapshot after) {
        List<String> out = new ArrayList<>();
        for (var box : boxes.entrySet()) {
            Map<String, List<Map<String, String>>> later = after.boxes.get(box.getKey());
            if (later == null) {
                out.add(box.getKey() + ": missing after");
                continue;
            }
            for (var table : box.getValue().entrySet()) {
                String name = table.getKey();
                if (SKIPPED_TABLES.contains(name) || name.startsWith("upgrade_")) continue;
                List<Map<String, String>> rows = later.get(name);
                if (rows == null) {
                    out.add(box.getKey() + ": table " + name + " missing after");
                    continue;
                }
                Map<String, Map<String, String>> byKey = new LinkedHashMap<>();
                for (Map<String, String> r : rows) byKey.put(r.get("#key"), r);
                for (Map<String, String> before : table.getValue()) {
                    String key = before.get("#key");
                    if (INFO_TABLES.contains(name) && isVersionRow(key)) continue;
                    Map<String, String> now = byKey.remove(key);
                    if (now == null) {
                        out.add(box.getKey() + ": " + name + " row " + key + " missing after");
                        continue;
                    }
                    for (var column : before.entrySet()) {
                        if (RUNTIME_COLUMNS.contains(name + "." + column.getKey())) continue;
                        if (!now.containsKey(column.getKey())) {
                            out.add(box.getKey() + ": " + name + " row " + key + ": column " + column.getKey() + " missing after");
                        } else if (column.getValue() == null && BACKFILLED_COLUMNS.contains(name + "." + column.getKey())) {
                            continue;
                        } else if (!java.util.Objects.equals(column.getValue(), now.get(column.getKey()))) {
                            out.add(box.getKey() + ": " + name + " row " + key + ": " + column.getKey() + " was " + column.getValue()
                                    + ", is " + now.get(column.getKey()));
                        }
                    }
                }
                if (!INFO_TABLES.contains(name)) {
                    for (String added : byKey.keySet()) out.add(box.getKey() + ": " + name + " row " + added + " appeared after");
                }
            }
        }
        for (var f : files.entrySet()) {
            String now = after.files.get(f.getKey());
            if (!f.getValue().equals(now)) out.add("file " + f.getKey() + ": sha256 was " + f.getValue() + ", is " + now);
        }
        return out;
    }

    private static boolean isVersionRow(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.contains("version") || k.contains("release") || k.contains("codename") || k.contains("schema") || k.contains("upgrade");
    }

    /** Every table of the box: name → rows ordered by primary key; each row column → value, plus "#key" (the key's values). */
    public static Map<String, List<Map<String, String>>> tables(BoxConnection box) {
        Map<String, List<Map<String, String>>> content = new TreeMap<>();
        ReleaseInstallation.sql(box, conn -> {
            DatabaseMetaData meta = conn.getMetaData();
            String catalog = box.engine() == Engine.MARIADB ? box.dbname() : null;
            String schema = box.engine() == Engine.MARIADB ? null : "public";
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = meta.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
                while (rs.next()) tables.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
            }
            for (String table : tables) content.put(table, rows(conn, meta, catalog, schema, table));
        });
        return content;
    }

    private static List<Map<String, String>> rows(Connection conn, DatabaseMetaData meta, String catalog, String schema, String table) throws SQLException {
        Map<Integer, String> keyColumns = new TreeMap<>();
        try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, table)) {
            while (rs.next()) keyColumns.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
        }
        List<String> keys = new ArrayList<>(keyColumns.values());
        String order = keys.isEmpty() ? "1" : String.join(", ", keys);
        List<Map<String, String>> rows = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY " + order)) {
            ResultSetMetaData rm = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> row = new TreeMap<>();
                for (int i = 1; i <= rm.getColumnCount(); i++) row.put(rm.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), text(rs.getObject(i)));
                List<String> key = new ArrayList<>();
                for (String k : keys) key.add(row.get(k));
                row.put("#key", keys.isEmpty() ? String.valueOf(rows.size()) : String.join("/", key));
                rows.add(row);
            }
        }
        return rows;
    }

    /** The same text for the same value on every engine and JDBC type (boolean as true/false, numbers without trailing zeros). */
    static String text(Object v) {
        if (v == null) return null;
        if (v instanceof Boolean b) return b.toString();
        if (v instanceof BigDecimal d) return d.stripTrailingZeros().toPlainString();
        if (v instanceof Number n) return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        if (v instanceof Timestamp t) return t.toLocalDateTime().toString();
        if (v instanceof byte[] bytes) return HexFormat.of().formatHex(bytes);
        if (v instanceof java.sql.Clob clob) {
            try {
                return clob.getSubString(1, (int) clob.length());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return v.toString();
    }

    /** Return the hex SHA-256 of a file's content. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Return the hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the boxes and the data are, read from configuration.yml ({@code main.database}, {@code main.storage.data}). */
    public record Where(BoxConnection appbox, Path data) {
        /** Read {@code main.database} and {@code main.storage.data} of {@code configFile}. */
        public static Where of(Path configFile) {
            try {
                JsonNode main = new ObjectMapper(new YAMLFactory()).readTree(configFile.toFile()).path("main");
                JsonNode db = main.path("database");
                String driver = db.path("driver").asText("h2");
                Path data = Path.of(main.path("storage").path("data").asText());
                BoxConnection appbox;
                if (driver.equals("h2")) {
                    BoxConnection plain = BoxConnection.h2(Path.of(db.path("path").asText()));
                    appbox = new BoxConnection(Engine.H2, null, 0, textOr(db, "user", "sa"), textOr(db, "password", ""), null, plain.h2Path());
                } else {
                    Engine engine = Engine.of(driver);
                    appbox = BoxConnection.server(engine, db.path("host").asText("127.0.0.1"),
                            db.path("port").isNull() || db.path("port").isMissingNode() ? engine.defaultPort() : db.path("port").asInt(),
                            db.path("user").asText(), textOr(db, "password", ""), db.path("dbname").asText());
                }
                return new Where(appbox, data);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + configFile, e);
            }
        }

        /** The connection of a databox from its registry row, with the appbox's credentials where the row has none. */
        public BoxConnection databox(Map<String, String> row) {
            String user = row.get("db_user") != null ? row.get("db_user") : appbox.user();
            String password = row.get("db_password") != null ? row.get("db_password") : appbox.password();
            if (Engine.of(row.get("engine")) == Engine.H2) {
                // every H2 box of an installation shares the appbox's password (main.database.password; empty before 4.0.0)
                String h2 = appbox.engine() == Engine.H2 ? appbox.password() : password;
                return new BoxConnection(Engine.H2, null, 0, user, h2 == null ? "" : h2, null, Path.of(row.get("h2_path")));
            }
            int port = row.get("port") == null ? appbox.port() : Integer.parseInt(row.get("port"));
            return BoxConnection.server(Engine.of(row.get("engine")), row.get("host") == null ? appbox.host() : row.get("host"), port,
                    user, password == null ? "" : password, row.get("dbname"));
        }

        private static String textOr(JsonNode node, String field, String fallback) {
            JsonNode v = node.path(field);
            return v.isMissingNode() || v.isNull() ? fallback : v.asText();
        }
    }
}
