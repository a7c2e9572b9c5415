package org.athanor.setup.upgrade.legacy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.athanor.cli.ConsoleForTests;
import org.athanor.db.BoxConnection;
import org.athanor.db.DatabaseServer;
import org.athanor.db.Engine;
import org.athanor.testing.TestDatabases;
import org.w3c.dom.Element;

/**
 * bench/legacy388.sh: a synthetic Phraseanet 3.8.8 installation (one databox, N records with 8 caption values and 3
 * subdef rows each, their files present) on MariaDB; times a raw {@code INSERT … SELECT} copy of the same source
 * tables, then {@code bin/setup system:upgrade --yes --no-backup}, and prints both and the ratio (target ≤ 2).
 *
 * <p>Usage: {@code Legacy388Bench N WORK_FOLDER}; the MariaDB server is that of the tests (ATHANOR_TEST_MARIADB).
 */
public final class Legacy388Bench {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path work = Path.of(args[1]).toAbsolutePath();
        String suffix = Long.toString(System.currentTimeMillis() % 100_000_000L);
        BoxConnection ab = TestDatabases.server(Engine.MARIADB, "bench_ab_" + suffix);
        BoxConnection db = TestDatabases.server(Engine.MARIADB, "bench_db_" + suffix);
        DatabaseServer.createIfMissing(ab);
        DatabaseServer.createIfMissing(db);
        try {
            run(n, work, ab, db);
        } finally {
            if (System.getenv("KEEP") == null) {
                DatabaseServer.drop(ab);
                DatabaseServer.drop(db);
            }
        }
        System.exit(0);
    }

    private static void run(int n, Path work, BoxConnection ab, BoxConnection db) throws Exception {
        Path datas = work.resolve("datas");
        Path subdefs = datas.resolve(db.dbname()).resolve("subdefs/2014/01/01");
        Path documents = datas.resolve(db.dbname()).resolve("documents/2014/01/01");
        String structure = Phraseanet388Fixture.readResource(PhraseanetSchema.RESOURCES + "data_templates/en-simple.xml")
                .replace("{{datapathnoweb}}", datas + "/").replace("{{basename}}", db.dbname());
        List<Element> fields = PhraseanetSchema.children(PhraseanetSchema.child(
                PhraseanetSchema.parseXml(structure).getDocumentElement(), "description"), null);
        long t0 = System.nanoTime();
        System.out.println("Generating a Phraseanet 3.8.8 databox with " + n + " records (8 caption values, 3 subdef rows each)…");
        try (Connection a = Phraseanet388Fixture.open(ab); Statement s = a.createStatement()) {
            Phraseanet388Fixture.createTables(a, PhraseanetSchema.structureTables("appbox"));
            Phraseanet388Fixture.createTables(a, PhraseanetSchema.doctrineTables());
            s.execute("UPDATE sitepreff SET version = '3.8.8'");
            try (PreparedStatement ps = a.prepareStatement("INSERT INTO sbas (sbas_id, ord, host, port, dbname, sqlengine, user, pwd, viewname, indexable)"
                    + " VALUES (1, 1, ?, ?, ?, 'MYSQL', ?, ?, 'bench', 1)")) {
                ps.setString(1, db.host());
                ps.setInt(2, db.port());
                ps.setString(3, db.dbname());
                ps.setString(4, db.user());
                ps.setString(5, db.password() == null ? "" : db.password());
                ps.executeUpdate();
            }
            s.execute("INSERT INTO bas (base_id, ord, active, server_coll_id, aliases, sbas_id) VALUES (1, 1, 1, 1, '', 1)");
            s.execute("INSERT INTO usr (usr_id, usr_login, usr_password, usr_mail, salted_password, nonce, create_db, usr_creationdate)"
                    + " VALUES (10, 'admin', SHA2('benchmark', 256), 'admin@example.org', 0, '', 1, NOW())");
        }
        try (Connection d = Phraseanet388Fixture.open(db); Statement s = d.createStatement()) {
            Phraseanet388Fixture.createTables(d, PhraseanetSchema.structureTables("databox"));
            s.execute("INSERT INTO pref (prop, value, locale, updated_on, created_on) VALUES ('version', '3.8.8', NULL, NOW(), NOW())");
            try (PreparedStatement ps = d.prepareStatement("UPDATE pref SET value = ? WHERE prop = 'structure'")) {
                ps.setString(1, structure);
                ps.executeUpdate();
            }
            Phraseanet388Fixture.metadataStructure(d, fields);
            s.execute("INSERT INTO coll (coll_id, asciiname, label_en, label_fr, label_de, label_nl, prefs, logo, majLogo, pub_wm)"
                    + " VALUES (1, 'Bench', 'Bench', 'Banc', '', '', '', '', NOW(), 'none')");
            s.execute("SET SESSION max_recursive_iterations = " + (n + 10));
            s.execute("""
                    INSERT INTO record (coll_id, record_id, parent_record_id, status, sha256, uuid, xml, moddate, credate, work, mime, type, jeton, originalname)
                    WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < %d)
                    SELECT 1, i, 0, (i %% 16) * 16, SHA2(i, 256), UUID(), '', NOW(), NOW(), 0, 'image/jpeg', 'image', 0, CONCAT('photo-', i, '.jpg')
                    FROM seq""".formatted(n));
            s.execute("""
                    INSERT INTO metadatas (record_id, meta_struct_id, value)
                    SELECT r.record_id, f.id, CONCAT('value ', f.id, ' of record ', r.record_id, ': some words to index, é à ü & <b>')
                    FROM record r CROSS JOIN (SELECT id FROM metadatas_structure ORDER BY id LIMIT 8) f""");
            s.execute("""
                    INSERT INTO subdef (record_id, name, path, file, width, height, mime, size, substit, etag, dispatched, created_on, updated_on)
                    SELECT r.record_id, n.name,
                        CONCAT(CASE n.name WHEN 'document' THEN '%s' ELSE '%s' END, '/', LPAD(r.record_id DIV 1000, 5, '0'), '/'),
                        CONCAT(r.record_id, '_', n.name, '.jpg'), 400, 300, 'image/jpeg', 0, 0, NULL, 1, NOW(), NOW()
                    FROM record r CROSS JOIN (SELECT 'document' AS name UNION ALL SELECT 'thumbnail' UNION ALL SELECT 'preview') n"""
                    .formatted(documents, subdefs));
            try (ResultSet rs = s.executeQuery("SELECT path, file FROM subdef")) {
                Path last = null;
                while (rs.next()) {
                    Path folder = Path.of(rs.getString(1));
                    if (!folder.equals(last)) Files.createDirectories(folder);
                    last = folder;
                    Files.createFile(folder.resolve(rs.getString(2)));
                }
            }
        }
        String config = Phraseanet388Fixture.readResource(PhraseanetSchema.RESOURCES + "lib-conf.d-configuration.yml")
                .replace("key: ''", "key: '" + Phraseanet388Fixture.MAIN_KEY + "'")
                .replace("host: 'sql-host'", "host: '" + ab.host() + "'").replace("port: 3306", "port: " + ab.port())
                .replace("user: 'sql-user'", "user: '" + ab.user() + "'")
                .replace("password: 'sql-password'", "password: '" + (ab.password() == null ? "" : ab.password()) + "'")
                .replace("dbname: ab_phraseanet", "dbname: " + ab.dbname());
        Path configFile = work.resolve("athanor/config/configuration.yml");
        Files.createDirectories(configFile.getParent());
        Files.writeString(configFile, config);
        System.out.printf("  generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        double raw;
        try (Connection d = Phraseanet388Fixture.open(db); Statement s = d.createStatement()) {
            for (String t : List.of("record", "metadatas", "subdef")) s.execute("CREATE TABLE raw_copy_" + t + " LIKE `" + t + "`");
            long r0 = System.nanoTime();
            for (String t : List.of("record", "metadatas", "subdef")) s.execute("INSERT INTO raw_copy_" + t + " SELECT * FROM `" + t + "`");
            raw = (System.nanoTime() - r0) / 1e9;
            for (String t : List.of("record", "metadatas", "subdef")) s.execute("DROP TABLE raw_copy_" + t);
        }
        System.out.printf("Raw INSERT … SELECT copy of record, metadatas and subdef: %.1f s%n", raw);

        long u0 = System.nanoTime();
        ConsoleForTests.Result upgrade = ConsoleForTests.setup("system:upgrade", "--config", configFile.toString(), "--yes", "--no-backup");
        double up = (System.nanoTime() - u0) / 1e9;
        if (upgrade.exitCode() != 0) {
            System.out.println(upgrade.out());
            System.out.println(upgrade.err());
            throw new IllegalStateException("system:upgrade failed with exit code " + upgrade.exitCode());
        }
        long captions;
        try (Connection d = Phraseanet388Fixture.open(db); Statement s = d.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM records) * 1000000000 + (SELECT COUNT(*) FROM record_captions)")) {
            rs.next();
            captions = rs.getLong(1);
        }
        System.out.printf("bin/setup system:upgrade (import of %d records, %d caption values): %.1f s%n",
                captions / 1_000_000_000L, captions % 1_000_000_000L, up);
        System.out.printf("Ratio upgrade / raw copy: %.2f (target ≤ 2)%n", up / raw);
        if (System.getenv("KEEP") == null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Legacy388Bench() {}

}
