package org.athanor.setup.upgrade.legacy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.athanor.db.BoxConnection;
import org.athanor.db.Engine;
import org.athanor.testing.TestDatabases;
import org.w3c.dom.Element;

/**
 * A genuine Phraseanet 3.8.8 installation, generated in MariaDB the way 3.8.8 stores things: the appbox and two
 * databoxes built from 3.8.8's own {@code bases_structure.xml} and Doctrine mappings, filled with users (salted and
 * unsalted password hashes), rights with status masks, collections with logos, records with multi-valued, non-ASCII
 * caption values, stories, status bits, subdef rows pointing at real files in a {@code datas} tree, technical data,
 * tasks, baskets, lazaret files and sessions, plus the 3.8 {@code config/configuration.yml}.
 *
 * <p>What was written is kept in memory ({@link #records()}, {@link #users()}…), so tests compare an upgrade's result
 * with the fixture's own source data, not with what the upgrade read.
 */
public final class Phraseanet388Fixture {
    /** {@code main.key} of the generated installation: the HMAC key of salted password hashes. */
    public static final String MAIN_KEY = "b2a8f0e1c7d94e3aa1f2c3d4e5f60718";
    /** The password of every generated user. */
    public static final String PASSWORD = "3.8.8 secret: élan";
    static final String[] LOREM = {"Crème brûlée à Orléans", "Ελληνικά και ελληνικές", "日本語のキャプション",
            "Tom & Jerry <b>bold</b>", "Ligne 1\nLigne 2", "&amp; déjà encodé &lt;em&gt;", "Ñandú, Łódź, Øresund",
            "quote \"double\" and 'single'"};

    /** One user as 3.8.8 stored it. */
    public record LegacyUser(int id, String login, String email, String firstName, String lastName, boolean salted,
                             String nonce, String passwordHash, int modelOf, boolean admin, boolean deleted,
                             boolean mailLocked, String locale) {}

    /** One collection: base_id in the appbox, coll_id in its databox. */
    public record LegacyCollection(int sbasId, int baseId, int collId, String name, String labelEn, String labelFr,
                                   byte[] logo) {}

    /** One subdef row and the file it points at. */
    public record LegacySubdef(String name, Path folder, String file, long size, String mime, int width, int height,
                               boolean fileExists) {
        public Path path() {
            return folder.resolve(file);
        }
    }

    /** One record or story as 3.8.8 stored it. */
    public record LegacyRecord(int sbasId, int recordId, int collId, boolean story, String type, long status,
                               String originalName, String sha256, String uuid, String mime,
                               Map<String, List<String>> captions, List<Integer> members, List<LegacySubdef> subdefs,
                               Map<String, String> technical) {}

    /** One databox: its sbas row and database. */
    public record LegacyDatabox(int sbasId, String dbname, String template, BoxConnection connection,
                                List<String> fieldNames) {}

    /** One basket and its elements (sbas_id, record_id). */
    public record LegacyBasket(int id, int userId, String name, String description, List<int[]> elements) {}

    /** One 3.8 task. */
    public record LegacyTask(int id, String name, String className, String status, String settings) {}

    private final Path home;
    private final Path datas;
    private final BoxConnection appbox;
    private final String version;
    private final List<LegacyDatabox> databoxes = new ArrayList<>();
    private final List<LegacyCollection> collections = new ArrayList<>();
    private final List<LegacyUser> users = new ArrayList<>();
    private final List<LegacyRecord> records = new ArrayList<>();
    private final List<LegacyBasket> baskets = new ArrayList<>();
    private final List<LegacyTask> tasks = new ArrayList<>();
    private final Random random = new Random(388);

    private Phraseanet388Fixture(Path home, BoxConnection appbox, String version) {
        this.home = home;
        this.datas = home.resolve("datas");
        this.appbox = appbox;
        this.version = version;
    }

    /**
     * Generate a 3.8.8 installation in fresh MariaDB databases (dropped by {@link TestDatabases#dropAll()}).
     *
     * @param home the Phraseanet folder: {@code config/configuration.yml}, {@code datas/}, {@code tmp/lazaret/}
     * @param recordsPerDatabox records (and stories) generated in each of the two databoxes
     * @param version the appbox's {@code sitepreff.version} (3.8.8, or older to test refusals)
     */
    public static Phraseanet388Fixture create(Path home, int recordsPerDatabox, String version) {
        BoxConnection appbox = TestDatabases.fresh(Engine.MARIADB, home);
        Phraseanet388Fixture f = new Phraseanet388Fixture(home, appbox, version);
        try {
            f.build(recordsPerDatabox);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot generate the Phraseanet 3.8.8 fixture: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    public Path home() { return home; }
    public Path datas() { return datas; }
    public Path configFile() { return home.resolve("config/configuration.yml"); }
    public BoxConnection appbox() { return appbox; }
    public List<LegacyDatabox> databoxes() { return databoxes; }
    public List<LegacyCollection> collections() { return collections; }
    public List<LegacyUser> users() { return users; }
    public List<LegacyRecord> records() { return records; }
    public List<LegacyBasket> baskets() { return baskets; }
    public List<LegacyTask> tasks() { return tasks; }

    /** Open a JDBC connection to {@code c} in the session mode 3.8.8 ran with (MySQL 5.x: no strict mode). */
    public static Connection open(BoxConnection c) throws SQLException {
        Connection connection = DriverManager.getConnection(c.jdbcUrl(), c.user(), c.password());
        try (Statement s = connection.createStatement()) {
            s.execute("SET SESSION sql_mode = ''");
            s.execute("SET NAMES utf8");
        }
        return connection;
    }

    private void build(int recordsPerDatabox) throws SQLException, IOException {
        Files.createDirectories(datas);
        BoxConnection fr = TestDatabases.fresh(Engine.MARIADB, home);
        BoxConnection en = TestDatabases.fresh(Engine.MARIADB, home);
        try (Connection ab = open(appbox)) {
            createTables(ab, PhraseanetSchema.structureTables("appbox"));
            createTables(ab, PhraseanetSchema.doctrineTables());
            try (PreparedStatement ps = ab.prepareStatement("UPDATE sitepreff SET version = ?, maj = NOW() WHERE id = 1")) {
                ps.setString(1, version);
                ps.executeUpdate();
            }
            // sbas_id 1 and 3: databox 2 was deleted once, as happens in real installations
            databox(ab, 1, fr, "fr-simple", recordsPerDatabox, new int[][] {{1, 1}, {2, 2}});
            databox(ab, 3, en, "en-simple", recordsPerDatabox, new int[][] {{4, 1}, {5, 3}});
            users(ab);
            tasks(ab);
            baskets(ab);
            lazaret(ab);
            sessions(ab);
        }
        writeConfiguration();
    }

    static void createTables(Connection c, List<PhraseanetSchema.Table> tables) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (PhraseanetSchema.Table t : tables) {
                s.execute(t.create());
                for (String row : t.defaultRows()) s.execute(row);
            }
        }
    }

    // ---- databoxes

    private void databox(Connection ab, int sbasId, BoxConnection c, String template, int count, int[][] baseColl)
            throws SQLException, IOException {
        String structureXml = readResource(PhraseanetSchema.RESOURCES + "data_templates/" + template + ".xml")
                .replace("{{datapathnoweb}}", datas.toString() + "/")
                .replace("{{basename}}", c.dbname());
        Element description = PhraseanetSchema.child(PhraseanetSchema.parseXml(structureXml).getDocumentElement(), "description");
        List<Element> fields = PhraseanetSchema.children(description, null);
        List<String> fieldNames = fields.stream().map(Element::getTagName).toList();
        databoxes.add(new LegacyDatabox(sbasId, c.dbname(), template, c, fieldNames));
        try (PreparedStatement ps = ab.prepareStatement("""
                INSERT INTO sbas (sbas_id, ord, host, port, dbname, sqlengine, user, pwd, viewname, indexable,
                                  label_en, label_fr, label_de, label_nl)
                VALUES (?, ?, ?, ?, ?, 'MYSQL', ?, ?, ?, 1, ?, ?, '', '')""")) {
            ps.setInt(1, sbasId);
            ps.setInt(2, sbasId);
            ps.setString(3, c.host());
            ps.setInt(4, c.port());
            ps.setString(5, c.dbname());
            ps.setString(6, c.user());
            ps.setString(7, c.password() == null ? "" : c.password());
            ps.setString(8, template.startsWith("fr") ? "Photothèque" : "Photo library");
            ps.setString(9, "Library " + sbasId);
            ps.setString(10, "Bibliothèque " + sbasId);
            ps.executeUpdate();
        }
        byte[] logo = readBytes("/media/phraseanet/logocoll.gif");
        try (Connection db = open(c)) {
            createTables(db, PhraseanetSchema.structureTables("databox"));
            try (Statement s = db.createStatement()) {
                s.execute("INSERT INTO pref (prop, value, locale, updated_on, created_on) VALUES ('version', '" + version + "', NULL, NOW(), NOW())");
            }
            try (PreparedStatement ps = db.prepareStatement("UPDATE pref SET value = ?, updated_on = NOW() WHERE prop = 'structure'")) {
                ps.setString(1, structureXml);
                ps.executeUpdate();
            }
            metadataStructure(db, fields);
            for (int[] bc : baseColl) {
                int baseId = bc[0], collId = bc[1];
                String name = (template.startsWith("fr") ? "Collection " : "Collection ") + collId + (collId == 1 ? " Test" : " Archives");
                String labelFr = collId == 1 ? "Essai" : "Archives été";
                byte[] collLogo = collId == 1 ? logo : new byte[0];
                try (PreparedStatement ps = db.prepareStatement("""
                        INSERT INTO coll (coll_id, asciiname, label_en, label_fr, label_de, label_nl, prefs, logo, majLogo, pub_wm)
                        VALUES (?, ?, ?, ?, '', '', ?, ?, NOW(), 'none')""")) {
                    ps.setInt(1, collId);
                    ps.setString(2, name);
                    ps.setString(3, "Label " + collId);
                    ps.setString(4, labelFr);
                    ps.setString(5, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<baseprefs><status>0</status><sugestedValues></sugestedValues></baseprefs>");
                    ps.setBytes(6, collLogo);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = ab.prepareStatement(
                        "INSERT INTO bas (base_id, ord, active, server_coll_id, aliases, sbas_id) VALUES (?, ?, 1, ?, '', ?)")) {
                    ps.setInt(1, baseId);
                    ps.setInt(2, baseId);
                    ps.setInt(3, collId);
                    ps.setInt(4, sbasId);
                    ps.executeUpdate();
                }
                collections.add(new LegacyCollection(sbasId, baseId, collId, name, "Label " + collId, labelFr, collLogo));
            }
            records(db, sbasId, c.dbname(), count, baseColl, fieldNames, fields);
        }
    }

    /** The metadatas_structure id of the field controlled by the 'User' vocabulary (RestrictToVocabularyControl = 1). */
    public static final int VOCABULARY_FIELD_ID = 4;

    static void metadataStructure(Connection db, List<Element> fields) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("""
                INSERT INTO metadatas_structure (id, name, src, readonly, required, business, indexable, type, tbranch,
                    `separator`, thumbtitle, multi, report, sorter, dces_element, VocabularyControlType,
                    RestrictToVocabularyControl, label_en, label_fr, label_de, label_nl)
                VALUES (?, ?, ?, ?, 0, ?, 1, ?, '', ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, NULL, NULL)""")) {
            int id = 0;
            for (Element f : fields) {
                id++;
                boolean multi = "1".equals(f.getAttribute("multi"));
                ps.setInt(1, id);
                ps.setString(2, f.getTagName());
                ps.setString(3, f.getAttribute("src"));
                ps.setInt(4, "1".equals(f.getAttribute("readonly")) ? 1 : 0);
                ps.setInt(5, id == 5 ? 1 : 0); // one business field
                ps.setString(6, f.getAttribute("type").isEmpty() ? "string" : f.getAttribute("type"));
                ps.setString(7, multi ? ";" : "");
                ps.setString(8, "1".equals(f.getAttribute("thumbtitle")) ? "1" : "0");
                ps.setInt(9, multi ? 1 : 0);
                ps.setInt(10, "1".equals(f.getAttribute("report")) ? 1 : 0);
                ps.setInt(11, id);
                // one field controlled by 3.8's only vocabulary (users), values restricted to it
                ps.setString(12, id == VOCABULARY_FIELD_ID ? "User" : null);
                ps.setInt(13, id == VOCABULARY_FIELD_ID ? 1 : 0);
                ps.setString(14, f.getTagName());
                ps.setString(15, f.getTagName());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void records(Connection db, int sbasId, String dbname, int count, int[][] baseColl, List<String> fieldNames,
                         List<Element> fields) throws SQLException, IOException {
        byte[] jpeg = readBytes("/media/phraseanet/p4logo.jpg");
        String day = "2014/03/1" + sbasId;
        Path documents = datas.resolve(dbname).resolve("documents").resolve(day).resolve("00001");
        Path subdefs = datas.resolve(dbname).resolve("subdefs").resolve(day).resolve("00001");
        db.setAutoCommit(false);
        PreparedStatement rec = db.prepareStatement("""
                INSERT INTO record (coll_id, record_id, parent_record_id, status, sha256, uuid, xml, moddate, credate, work,
                                    mime, type, jeton, bitly, originalname)
                VALUES (?, ?, ?, ?, ?, ?, '', NOW(), NOW(), 0, ?, ?, 0, NULL, ?)""");
        PreparedStatement meta = db.prepareStatement(
                "INSERT INTO metadatas (record_id, meta_struct_id, value, VocabularyType, VocabularyId) VALUES (?, ?, ?, NULL, NULL)");
        PreparedStatement sub = db.prepareStatement("""
                INSERT INTO subdef (record_id, name, path, file, width, height, mime, size, substit, etag, dispatched, created_on, updated_on)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 1, NOW(), NOW())""");
        PreparedStatement tech = db.prepareStatement("INSERT INTO technical_datas (record_id, name, value) VALUES (?, ?, ?)");
        PreparedStatement regroup = db.prepareStatement(
                "INSERT INTO regroup (rid_parent, rid_child, dateadd, ord) VALUES (?, ?, NOW(), ?)");
        int recordId = 0;
        List<LegacyRecord> mine = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            recordId += (i % 7 == 6) ? 2 : 1;            // gaps: deleted records keep their ids unused
            int collId = baseColl[i % baseColl.length][1];
            boolean story = i % 25 == 24;
            long status = ((long) (i % 16) << 4) | (i % 3 == 0 ? 1L << 31 : 0);
            String originalName = story ? "" : "photo-" + sbasId + "-" + recordId + (i % 10 == 3 ? " été.JPG" : ".jpg");
            String uuid = UUID.nameUUIDFromBytes((sbasId + "/" + recordId).getBytes(StandardCharsets.UTF_8)).toString();
            String sha = story ? "" : sha256((sbasId + ":" + recordId).getBytes(StandardCharsets.UTF_8));
            String mime = story ? "" : "image/jpeg";
            String type = story ? "" : "image";
            rec.setInt(1, collId);
            rec.setInt(2, recordId);
            rec.setInt(3, story ? 1 : 0);
            rec.setLong(4, status);
            rec.setString(5, sha);
            rec.setString(6, uuid);
            rec.setString(7, mime);
            rec.setString(8, type);
            rec.setString(9, originalName);
            rec.addBatch();
            Map<String, List<String>> captions = new LinkedHashMap<>();
            for (int f = 0; f < fieldNames.size(); f++) {
                Element field = fields.get(f);
                List<String> values = captionValues(i, f, field);
                if (values.isEmpty()) continue;
                captions.put(fieldNames.get(f), values);
                for (String v : values) {
                    meta.setInt(1, recordId);
                    meta.setInt(2, f + 1);
                    meta.setString(3, v);
                    meta.addBatch();
                }
            }
            List<LegacySubdef> files = new ArrayList<>();
            Map<String, String> technical = new LinkedHashMap<>();
            if (!story) {
                Files.createDirectories(documents);
                Files.createDirectories(subdefs);
                for (String name : List.of("document", "thumbnail", "preview")) {
                    Path folder = name.equals("document") ? documents : subdefs;
                    String file = recordId + "_" + name + ".jpg";
                    boolean exists = !(name.equals("preview") && i % 50 == 10);   // a lost preview, to regenerate
                    if (exists) Files.write(folder.resolve(file), jpeg);
                    int w = name.equals("thumbnail") ? 240 : 400, h = name.equals("thumbnail") ? 160 : 267;
                    sub.setInt(1, recordId);
                    sub.setString(2, name);
                    sub.setString(3, folder + "/");
                    sub.setString(4, file);
                    sub.setInt(5, w);
                    sub.setInt(6, h);
                    sub.setString(7, "image/jpeg");
                    sub.setLong(8, jpeg.length);
                    sub.setString(9, sha256((recordId + name).getBytes(StandardCharsets.UTF_8)).substring(0, 32));
                    sub.addBatch();
                    files.add(new LegacySubdef(name, folder, file, jpeg.length, "image/jpeg", w, h, exists));
                }
                technical.put("Width", "400");
                technical.put("Height", "267");
                technical.put("Channels", "3");
                technical.put("MimeType", "image/jpeg");
                for (Map.Entry<String, String> t : technical.entrySet()) {
                    tech.setInt(1, recordId);
                    tech.setString(2, t.getKey());
                    tech.setString(3, t.getValue());
                    tech.addBatch();
                }
            }
            mine.add(new LegacyRecord(sbasId, recordId, collId, story, type, status, originalName, sha, uuid, mime,
                    captions, new ArrayList<>(), files, technical));
            if ((i + 1) % 200 == 0) {
                flush(rec, meta, sub, tech);
                db.commit();
            }
        }
        flush(rec, meta, sub, tech);
        // stories hold the records generated just before them
        for (int s = 0; s < mine.size(); s++) {
            LegacyRecord story = mine.get(s);
            if (!story.story()) continue;
            int ord = 0;
            for (int m = Math.max(0, s - 5); m < s; m++) {
                if (mine.get(m).story()) continue;
                regroup.setInt(1, story.recordId());
                regroup.setInt(2, mine.get(m).recordId());
                regroup.setInt(3, ord++);
                regroup.addBatch();
                story.members().add(mine.get(m).recordId());
            }
        }
        regroup.executeBatch();
        db.commit();
        db.setAutoCommit(true);
        records.addAll(mine);
    }

    private List<String> captionValues(int i, int f, Element field) {
        String type = field.getAttribute("type");
        boolean multi = "1".equals(field.getAttribute("multi"));
        if ("1".equals(field.getAttribute("readonly")) && i % 4 != 0) return List.of();
        if ("date".equals(type)) return List.of(String.format("20%02d/%02d/%02d 10:2%d:00", 10 + i % 5, 1 + i % 12, 1 + i % 28, i % 10));
        if (multi) {
            List<String> values = new ArrayList<>();
            for (int k = 0; k < 1 + (i + f) % 3; k++) values.add(LOREM[(i + f + k) % LOREM.length].split(" ")[0] + " " + k);
            return values;
        }
        if (f % 3 == 2 && i % 2 == 1) return List.of();
        return List.of(LOREM[(i * 7 + f) % LOREM.length] + " #" + i);
    }

    private static void flush(PreparedStatement... statements) throws SQLException {
        for (PreparedStatement ps : statements) ps.executeBatch();
    }

    // ---- appbox

    private void users(Connection ab) throws SQLException {
        addUser(ab, 10, "admin", "admin@example.org", "Ada", "Lovelace", true, 0, true, false, false, "fr_FR");
        addUser(ab, 11, "alice", "alice@example.org", "Alice", "Émile", true, 0, false, false, false, "en_GB");
        addUser(ab, 12, "bob", "bob@example.org", "Bob", "Ødegård", false, 0, false, false, false, "fr_FR");
        addUser(ab, 13, "Modèle photographes", null, "", "", true, 10, false, false, false, "fr_FR");
        addUser(ab, 14, "(#deleted_carol", null, "Carol", "Gone", true, 0, false, true, false, "en_GB");
        addUser(ab, 15, "dave", "dave@example.org", "Dave", "Pending", true, 0, false, false, true, "en_GB");
        // rights: admin everywhere; alice on base 1 and 4 with a status mask (bit 4 must be 1); bob read-only on 2
        for (LegacyCollection c : collections) {
            basusr(ab, 10, c.baseId(), true, 0, 0);
            if (c.baseId() == 1 || c.baseId() == 4) basusr(ab, 11, c.baseId(), false, 0x10, 0x10);
            if (c.baseId() == 2) basusr(ab, 12, c.baseId(), false, 0, 0);
            if (c.baseId() == 1) basusr(ab, 13, c.baseId(), false, 0x20, 0);
        }
        for (LegacyDatabox d : databoxes) {
            try (PreparedStatement ps = ab.prepareStatement("""
                    INSERT INTO sbasusr (sbas_id, usr_id, bas_manage, bas_modify_struct, bas_modif_th, bas_chupub)
                    VALUES (?, 10, 1, 1, 1, 1)""")) {
                ps.setInt(1, d.sbasId());
                ps.executeUpdate();
            }
        }
    }

    private void addUser(Connection ab, int id, String login, String email, String first, String last, boolean salted,
                         int modelOf, boolean admin, boolean deleted, boolean mailLocked, String locale) throws SQLException {
        String nonce = salted ? randomNonce() : "";
        String hash = salted ? hmacSha512(PASSWORD + nonce, MAIN_KEY) : sha256(PASSWORD.getBytes(StandardCharsets.UTF_8));
        try (PreparedStatement ps = ab.prepareStatement("""
                INSERT INTO usr (usr_id, ldap_created, usr_sexe, usr_nom, usr_prenom, usr_login, usr_password, usr_mail,
                                 usr_creationdate, usr_modificationdate, societe, last_conn, model_of, create_db,
                                 mail_locked, locale, salted_password, nonce, push_list, timezone)
                VALUES (?, 0, 1, ?, ?, ?, ?, ?, '2013-04-05 10:00:00', NOW(), 'Alchemy', '2014-06-01 09:30:00', ?, ?, ?, ?, ?, ?, '', 'Europe/Paris')""")) {
            ps.setInt(1, id);
            ps.setString(2, last);
            ps.setString(3, first);
            ps.setString(4, login);
            ps.setString(5, hash);
            ps.setString(6, email);
            ps.setInt(7, modelOf);
            ps.setInt(8, admin ? 1 : 0);
            ps.setInt(9, mailLocked ? 1 : 0);
            ps.setString(10, locale);
            ps.setInt(11, salted ? 1 : 0);
            ps.setString(12, nonce);
            ps.executeUpdate();
        }
        users.add(new LegacyUser(id, login, email, first, last, salted, nonce, hash, modelOf, admin, deleted, mailLocked, locale));
    }

    private static void basusr(Connection ab, int user, int baseId, boolean all, long maskAnd, long maskXor) throws SQLException {
        int a = all ? 1 : 0;
        try (PreparedStatement ps = ab.prepareStatement("""
                INSERT INTO basusr (base_id, usr_id, canputinalbum, candwnldhd, candwnldsubdef, candwnldpreview, cancmd,
                    canadmin, actif, canreport, canpush, creationdate, basusr_infousr, mask_and, mask_xor, canaddrecord,
                    order_master, canmodifrecord, candeleterecord, chgstatus, imgtools, manage, modify_struct, nowatermark)
                VALUES (?, ?, 1, ?, 1, 1, ?, ?, 1, ?, ?, NOW(), '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setInt(1, baseId);
            ps.setInt(2, user);
            ps.setInt(3, a);
            ps.setInt(4, a);
            ps.setInt(5, a);
            ps.setInt(6, a);
            ps.setInt(7, a);
            ps.setLong(8, maskAnd);
            ps.setLong(9, maskXor);
            for (int k = 10; k <= 19; k++) ps.setInt(k, a);
            ps.executeUpdate();
        }
    }

    private void tasks(Connection ab) throws SQLException {
        addTask(ab, 1, "Subviews creation", "task_period_subdef", "started",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tasksettings><period>10</period><flush>5</flush><maxrecs>20</maxrecs><maxmegs>256</maxmegs></tasksettings>");
        addTask(ab, 2, "Metadatas Writer", "task_period_writemeta", "stopped",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tasksettings><period>10</period><cleardoc>0</cleardoc><maxrecs>20</maxrecs><maxmegs>256</maxmegs></tasksettings>");
        addTask(ab, 3, "Archive hot folder", "task_period_archive", "stopped",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tasksettings><base_id>1</base_id><hotfolder>" + home.resolve("hotfolder")
                        + "</hotfolder><period>60</period><move_archived>0</move_archived></tasksettings>");
        addTask(ab, 4, "Phrasea indexer", "task_period_cindexer", "started",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tasksettings><host>localhost</host><port>3306</port></tasksettings>");
    }

    private void addTask(Connection ab, int id, String name, String className, String status, String settings) throws SQLException {
        try (PreparedStatement ps = ab.prepareStatement("""
                INSERT INTO task2 (task_id, usr_id_owner, pid, status, crashed, active, name, last_exec_time, class, settings, todo, done, runner)
                VALUES (?, 10, 0, ?, 0, 1, ?, '2014-06-01 10:00:00', ?, ?, 0, 0, 'internal')""")) {
            ps.setInt(1, id);
            ps.setString(2, status);
            ps.setString(3, name);
            ps.setString(4, className);
            ps.setString(5, settings);
            ps.executeUpdate();
        }
        tasks.add(new LegacyTask(id, name, className, status, settings));
    }

    private void baskets(Connection ab) throws SQLException {
        int id = 0;
        for (int user : new int[] {10, 11}) {
            for (int b = 0; b < 2; b++) {
                id++;
                String name = b == 0 ? "Sélection « été »" : "Basket " + id;
                try (PreparedStatement ps = ab.prepareStatement("""
                        INSERT INTO Baskets (id, name, description, usr_id, is_read, pusher_id, archived, created, updated)
                        VALUES (?, ?, ?, ?, ?, ?, ?, NOW(), NOW())""")) {
                    ps.setInt(1, id);
                    ps.setString(2, name);
                    ps.setString(3, b == 0 ? "pour la réunion & co" : null);
                    ps.setInt(4, user);
                    ps.setInt(5, b);
                    if (b == 1) ps.setInt(6, 10); else ps.setNull(6, java.sql.Types.INTEGER);
                    ps.setInt(7, 0);
                    ps.executeUpdate();
                }
                List<int[]> elements = new ArrayList<>();
                int ord = 0;
                for (LegacyRecord r : records) {
                    if (r.story() || random.nextInt(60) != 0) continue;
                    try (PreparedStatement ps = ab.prepareStatement("""
                            INSERT INTO BasketElements (record_id, sbas_id, ord, created, updated, basket_id)
                            VALUES (?, ?, ?, NOW(), NOW(), ?)""")) {
                        ps.setInt(1, r.recordId());
                        ps.setInt(2, r.sbasId());
                        ps.setInt(3, ord++);
                        ps.setInt(4, id);
                        ps.executeUpdate();
                    }
                    elements.add(new int[] {r.sbasId(), r.recordId()});
                }
                baskets.add(new LegacyBasket(id, user, name, b == 0 ? "pour la réunion & co" : null, elements));
            }
        }
    }

    private void lazaret(Connection ab) throws SQLException, IOException {
        Path lazaret = home.resolve("tmp/lazaret");
        Files.createDirectories(lazaret);
        byte[] jpeg = readBytes("/media/phraseanet/test001.jpg");
        try (Statement s = ab.createStatement()) {
            s.execute("INSERT INTO LazaretSessions (id, usr_id, created, updated) VALUES (1, 11, NOW(), NOW())");
        }
        for (int i = 1; i <= 2; i++) {
            String file = "lazaret-" + i + ".jpg";
            Files.write(lazaret.resolve(file), jpeg);
            Files.write(lazaret.resolve("thumb-" + file), jpeg);
            try (PreparedStatement ps = ab.prepareStatement("""
                    INSERT INTO LazaretFiles (id, filename, thumbFilename, originalName, base_id, uuid, sha256, forced, created, updated, lazaret_session_id)
                    VALUES (?, ?, ?, ?, 1, ?, ?, 0, NOW(), NOW(), 1)""")) {
                ps.setInt(1, i);
                ps.setString(2, file);
                ps.setString(3, "thumb-" + file);
                ps.setString(4, "doublon " + i + ".jpg");
                ps.setString(5, UUID.nameUUIDFromBytes(file.getBytes(StandardCharsets.UTF_8)).toString());
                ps.setString(6, sha256(jpeg));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = ab.prepareStatement(
                    "INSERT INTO LazaretChecks (checkClassname, lazaret_file_id) VALUES ('Alchemy\\\\Phrasea\\\\Border\\\\Checker\\\\Sha256', ?)")) {
                ps.setInt(1, i);
                ps.executeUpdate();
            }
        }
    }

    private static void sessions(Connection ab) throws SQLException {
        try (Statement s = ab.createStatement()) {
            s.execute("INSERT INTO Sessions (usr_id, user_agent, ip_address, platform, browser_name, browser_version, token, nonce, created, updated)"
                    + " VALUES (11, 'Mozilla/5.0', '10.0.0.7', 'Linux', 'Firefox', '24.0', NULL, NULL, NOW(), NOW())");
        }
    }

    private void writeConfiguration() throws IOException {
        String template = readResource(PhraseanetSchema.RESOURCES + "lib-conf.d-configuration.yml");
        String yml = template
                .replace("servername: 'http://local.phrasea/'", "servername: 'http://phraseanet.example.org/'")
                .replace("languages: []", "languages: [fr_FR, en_GB]")
                .replace("key: ''", "key: '" + MAIN_KEY + "'")
                .replace("host: 'sql-host'", "host: '" + appbox.host() + "'")
                .replace("port: 3306", "port: " + appbox.port())
                .replace("user: 'sql-user'", "user: '" + appbox.user() + "'")
                .replace("password: 'sql-password'", "password: '" + (appbox.password() == null ? "" : appbox.password()) + "'")
                .replace("dbname: ab_phraseanet", "dbname: " + appbox.dbname())
                .replace("ffmpeg_binary: null", "ffmpeg_binary: /usr/bin/ffmpeg")
                .replace("ghostscript_binary: null", "ghostscript_binary: /usr/bin/gs")
                // 3.8.8 keeps lazaret files in <its program folder>/tmp/lazaret, which its file does not name: the upgrade
                // procedure has the administrator add this key (as Phraseanet 3.9 and 4.x name it) before system:upgrade
                .replace("    maintenance: false\n", "    maintenance: false\n    storage:\n        lazaret: '" + home.resolve("tmp/lazaret") + "'\n");
        Files.createDirectories(configFile().getParent());
        Files.writeString(configFile(), yml);
    }

    // ---- helpers

    private String randomNonce() {
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) sb.append(chars.charAt(random.nextInt(chars.length())));
        return sb.toString();
    }

    /** {@code hash_hmac('sha512', $raw . $salt, $key)} of Phraseanet 3.8.8's PasswordEncoder, as lowercase hex. */
    static String hmacSha512(String message, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String readResource(String resource) {
        return new String(readBytes(resource), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(String resource) {
        try (InputStream in = Phraseanet388Fixture.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("test resource " + resource + " is missing");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}
