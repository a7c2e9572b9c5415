package org.athanor.setup.upgrade.legacy;

import static org.athanor.setup.upgrade.legacy.LegacyTables.legacy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.athanor.db.Box;
import org.athanor.setup.upgrade.Installation;
import org.athanor.setup.upgrade.InstalledDatabox;

/**
 * The upgrade proof of the Phraseanet 3.8.8 import: what 3.8.8 had is still there, unchanged, in the tables the import
 * set aside ({@code <table>_legacy388}), so it is compared after the import with what Athanor has, in the same
 * database, with no record taken before: per databox every record's collection, status bits, story flag and original
 * name; every caption value (record, field, value); every story's members; every subdef row (name, folder, file) of
 * the records not marked for regeneration; and in the appbox every user (id, login, e-mail, and whether they can
 * sign in) and every collection (base_id, sbas_id, coll_id). Each side is counted and summed by CRC32 of its rows per
 * record (or user, or collection); when the totals differ, the records concerned are named.
 *
 * <p>Caption values are compared as a set per record and field (their order is the import's tests' subject); subdef
 * files were checked on disk by the import itself (a missing one marks its record for regeneration).
 */
public final class ImportProof {
    /** Records, users… named per difference at most. */
    static final int NAMED = 10;

    private ImportProof() {}

    /** One comparison: the same rows read from the 3.8.8 tables and from Athanor's, grouped by a numeric key. */
    record Check(String what, String keyName, String legacyFrom, String legacyKey, String legacyRow, String athanorFrom,
                 String athanorKey, String athanorRow) {}

    /** The outcome: one line per difference (empty when equal) and the report for the log. */
    public record Result(List<String> differences, String report) {}

    /** Compare what 3.8.8 had with what Athanor has after the import. */
    public static Result compare(Installation installation) {
        List<String> differences = new ArrayList<>();
        StringBuilder report = new StringBuilder("Import proof (3.8.8's set-aside tables against Athanor's):");
        compare(installation.appbox(), "appbox", appboxChecks(), differences, report);
        String root = Phraseanet388Import.dataRoot(installation).toString();
        String rootSlash = root.endsWith("/") ? root : root + "/";
        for (InstalledDatabox d : installation.databoxes()) {
            compare(d.box(), "databox " + d.sbasId() + " (" + d.name() + ")", databoxChecks(rootSlash), differences, report);
        }
        if (differences.isEmpty()) report.append("\n  equal: every row of 3.8.8 is in Athanor, and nothing else");
        return new Result(differences, report.toString());
    }

    static List<Check> appboxChecks() {
        String canSignIn388 = "(u.usr_password IS NOT NULL AND u.usr_password <> '' AND u.mail_locked = 0 AND u.model_of = 0"
                + " AND u.usr_login NOT LIKE '(#deleted%' AND u.usr_login NOT IN ('autoregister', 'invite'))";
        return List.of(
                new Check("users", "user", legacy("usr") + " u", "u.usr_id",
                        "CONCAT_WS('|', u.usr_id, u.usr_login, NULLIF(u.usr_mail, ''), " + canSignIn388 + ")",
                        "users a", "a.id",
                        "CONCAT_WS('|', a.id, a.login, a.email, (a.password_hash IS NOT NULL AND NOT a.locked AND NOT a.deleted AND NOT a.is_template))"),
                new Check("collections", "base_id", legacy("bas") + " b JOIN " + legacy("sbas") + " s ON s.sbas_id = b.sbas_id", "b.base_id",
                        "CONCAT_WS('|', b.base_id, b.sbas_id, b.server_coll_id)",
                        "collections a", "a.base_id", "CONCAT_WS('|', a.base_id, a.sbas_id, a.coll_id)"));
    }

    static List<Check> databoxChecks(String rootSlash) {
        String root = rootSlash.replace("\\", "\\\\").replace("'", "''");
        String records388 = legacy("record") + " r JOIN " + legacy("coll") + " c ON c.coll_id = r.coll_id";
        return List.of(
                new Check("records (collection, status bits, story, original name)", "record", records388, "r.record_id",
                        "CONCAT_WS('|', r.record_id, r.coll_id, r.status, r.parent_record_id = 1, NULLIF(r.originalname, ''))",
                        "records a", "a.record_id", "CONCAT_WS('|', a.record_id, a.coll_id, a.status, a.is_story, a.original_name)"),
                new Check("caption values", "record", legacy("metadatas") + " m JOIN " + legacy("record") + " r ON r.record_id = m.record_id"
                        + " JOIN " + legacy("coll") + " c ON c.coll_id = r.coll_id JOIN " + legacy("metadatas_structure")
                        + " f ON f.id = m.meta_struct_id WHERE m.value IS NOT NULL", "m.record_id",
                        "CONCAT_WS('|', m.record_id, m.meta_struct_id, m.value)",
                        "record_captions a", "a.record_id", "CONCAT_WS('|', a.record_id, a.field_id, a.caption_value)"),
                new Check("story members", "story", "(SELECT DISTINCT g.rid_parent, g.rid_child FROM " + legacy("regroup") + " g JOIN "
                        + legacy("record") + " p ON p.record_id = g.rid_parent AND p.parent_record_id = 1 JOIN " + legacy("coll")
                        + " pc ON pc.coll_id = p.coll_id JOIN " + legacy("record") + " m ON m.record_id = g.rid_child JOIN "
                        + legacy("coll") + " mc ON mc.coll_id = m.coll_id) t", "t.rid_parent", "CONCAT_WS('|', t.rid_parent, t.rid_child)",
                        "story_members a", "a.story_id", "CONCAT_WS('|', a.story_id, a.record_id)"),
                new Check("subdef files of the records not marked for regeneration", "record", legacy("subdef")
                        + " s JOIN records k ON k.record_id = s.record_id AND NOT k.subdefs_pending AND k.subdefs_error IS NULL",
                        "s.record_id", "CONCAT_WS('|', s.record_id, s.name, TRIM(TRAILING '/' FROM s.path), s.file)",
                        "subdefs a JOIN records k ON k.record_id = a.record_id AND NOT k.subdefs_pending AND k.subdefs_error IS NULL",
                        "a.record_id", "CONCAT_WS('|', a.record_id, a.name, CASE WHEN a.path LIKE '/%' THEN a.path ELSE CONCAT('" + root
                        + "', a.path) END, a.file)"));
    }

    private static void compare(Box box, String where, List<Check> checks, List<String> differences, StringBuilder report) {
        for (Check c : checks) {
            long[] before = totals(box, c.legacyFrom(), c.legacyRow());
            long[] after = totals(box, c.athanorFrom(), c.athanorRow());
            report.append("\n  ").append(where).append(", ").append(c.what()).append(": ").append(before[0]).append(" in 3.8.8, ")
                    .append(after[0]).append(" in Athanor");
            if (before[0] == after[0] && before[1] == after[1]) {
                report.append(", checksums equal");
                continue;
            }
            report.append(", DIFFERENT");
            Map<Long, long[]> was = perKey(box, c.legacyFrom(), c.legacyKey(), c.legacyRow());
            Map<Long, long[]> is = perKey(box, c.athanorFrom(), c.athanorKey(), c.athanorRow());
            TreeSet<Long> keys = new TreeSet<>(was.keySet());
            keys.addAll(is.keySet());
            List<String> named = new ArrayList<>();
            int n = 0;
            for (Long k : keys) {
                long[] a = was.getOrDefault(k, new long[2]);
                long[] b = is.getOrDefault(k, new long[2]);
                if (a[0] == b[0] && a[1] == b[1]) continue;
                if (n++ < NAMED) named.add(c.keyName() + " " + k + " (" + a[0] + " row(s) in 3.8.8, " + b[0] + " in Athanor"
                        + (a[0] == b[0] ? ", different values" : "") + ")");
            }
            differences.add(where + ", " + c.what() + ": " + String.join("; ", named) + (n > NAMED ? "; and " + (n - NAMED) + " more" : ""));
        }
    }

    private static long[] totals(Box box, String from, String row) {
        return box.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*), COALESCE(SUM(CRC32(" + row + ")), 0) FROM " + from)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one());
    }

    private static Map<Long, long[]> perKey(Box box, String from, String key, String row) {
        Map<Long, long[]> out = new HashMap<>();
        box.jdbi().useHandle(h -> h.createQuery("SELECT " + key + ", COUNT(*), COALESCE(SUM(CRC32(" + row + ")), 0) FROM " + from
                        + " GROUP BY " + key)
                .map((rs, ctx) -> {
                    out.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)});
                    return 0;
                }).list());
        return out;
    }
}
