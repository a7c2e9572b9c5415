package org.athanor.setup.upgrade.legacy;

import static org.athanor.setup.upgrade.legacy.LegacyTables.legacy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Progress;
import org.athanor.db.BoxConnection;
import org.athanor.setup.upgrade.Installation;
import org.athanor.setup.upgrade.InstalledDatabox;
import org.athanor.setup.upgrade.UpgradeStep;
import org.jdbi.v3.core.Handle;

/**
 * Step: the appbox's data, from Phraseanet's set-aside tables into Athanor's, in one transaction (so a crash leaves
 * all or nothing, and a rerun starts again): users with their 3.8.8 password hashes kept for verification at first
 * sign-in, the databox registry and collections with the same sbas_id and base_id, rights with their status masks,
 * tasks (3.8 classes mapped to Athanor's task types; others kept stopped with a note), baskets and their elements,
 * lazaret items (files copied into Athanor's lazaret folder).
 *
 * <p>Not imported (they stay in the set-aside tables): sessions (Athanor's cookies differ: users sign in again), story
 * work zones, validation sessions, user lists, feeds, orders, API applications and tokens, FTP exports.
 */
final class ImportAppbox implements UpgradeStep {
    static final String CHECKPOINT = "legacy388:appbox";
    /** Phraseanet 3.8's task classes and the Athanor task types doing the same work. */
    static final Map<String, String> TASK_TYPES = Map.of(
            "task_period_subdef", "subdefs",
            "task_period_writemeta", "write-metadata",
            "task_period_archive", "archive",
            "task_period_RecordMover", "record-mover",
            "task_period_emptyColl", "empty-collection");

    @Override public String name() {
        return "legacy388-appbox";
    }

    @Override public boolean isDone(Installation installation) {
        return "done".equals(installation.checkpoints().get(CHECKPOINT).orElse(null));
    }

    @Override public void apply(Installation installation, Progress progress) {
        progress.step("Importing users, rights, collections, tasks, baskets and lazaret");
        Path dataRoot = Phraseanet388Import.dataRoot(installation);
        Path lazaretFrom = Phraseanet388Import.lazaretFolder(installation).orElse(null);
        Path lazaretTo = dataRoot.resolve("lazaret");
        java.time.ZoneId zone = LegacyTime.zone(installation);
        int[] counts = installation.appbox().jdbi().inTransaction(h -> {
            for (String t : List.of("basket_elements", "baskets", "lazaret_files", "tasks", "databox_rights", "collection_rights",
                    "collections", "databoxes", "users")) {
                h.execute("DELETE FROM " + t);
            }
            int users = users(h, zone);
            for (InstalledDatabox d : installation.databoxes()) registerDatabox(h, d);
            h.execute("""
                    INSERT INTO collections (base_id, sbas_id, coll_id, active, ord)
                    SELECT b.base_id, b.sbas_id, b.server_coll_id, b.active <> 0, b.ord
                    FROM %s b JOIN databoxes d ON d.sbas_id = b.sbas_id""".formatted(legacy("bas")));
            h.execute("""
                    INSERT INTO collection_rights (user_id, base_id, access, canputinalbum, candwnldhd, candwnldpreview, cancmd,
                        canadmin, canreport, canpush, canaddrecord, canmodifrecord, candeleterecord, chgstatus, imgtools, manage,
                        modify_struct, nowatermark, order_master, mask_and, mask_xor)
                    SELECT r.usr_id, r.base_id, MAX(r.actif) <> 0, MAX(r.canputinalbum) <> 0, MAX(r.candwnldhd) <> 0,
                        MAX(r.candwnldpreview) <> 0, MAX(r.cancmd) <> 0, MAX(r.canadmin) <> 0, MAX(r.canreport) <> 0,
                        MAX(r.canpush) <> 0, MAX(r.canaddrecord) <> 0, MAX(r.canmodifrecord) <> 0, MAX(r.candeleterecord) <> 0,
                        MAX(r.chgstatus) <> 0, MAX(r.imgtools) <> 0, MAX(r.manage) <> 0, MAX(r.modify_struct) <> 0,
                        MAX(r.nowatermark) <> 0, MAX(r.order_master) <> 0, MAX(r.mask_and), MAX(r.mask_xor)
                    FROM %s r JOIN users u ON u.id = r.usr_id JOIN collections c ON c.base_id = r.base_id
                    GROUP BY r.usr_id, r.base_id""".formatted(legacy("basusr")));
            h.execute("""
                    INSERT INTO databox_rights (user_id, sbas_id, bas_manage, bas_modify_struct, bas_modif_th, bas_chupub)
                    SELECT r.usr_id, r.sbas_id, MAX(r.bas_manage) <> 0, MAX(r.bas_modify_struct) <> 0, MAX(r.bas_modif_th) <> 0,
                        MAX(r.bas_chupub) <> 0
                    FROM %s r JOIN users u ON u.id = r.usr_id JOIN databoxes d ON d.sbas_id = r.sbas_id
                    GROUP BY r.usr_id, r.sbas_id""".formatted(legacy("sbasusr")));
            int tasks = tasks(h, zone);
            h.execute("""
                    INSERT INTO baskets (id, user_id, name, description, is_read, pusher_id, archived, created_at, updated_at)
                    SELECT b.id, b.usr_id, b.name, b.description, b.is_read <> 0, b.pusher_id, b.archived <> 0,
                        COALESCE(%s, UTC_TIMESTAMP()), COALESCE(%s, %s, UTC_TIMESTAMP())
                    FROM %s b JOIN users u ON u.id = b.usr_id""".formatted(LegacyTime.toUtc("b.created", zone),
                    LegacyTime.toUtc("b.updated", zone), LegacyTime.toUtc("b.created", zone), legacy("Baskets")));
            h.execute("""
                    INSERT INTO basket_elements (id, basket_id, sbas_id, record_id, ord, created_at)
                    SELECT e.id, e.basket_id, e.sbas_id, e.record_id, e.ord, COALESCE(%s, UTC_TIMESTAMP())
                    FROM %s e JOIN baskets b ON b.id = e.basket_id""".formatted(LegacyTime.toUtc("e.created", zone), legacy("BasketElements")));
            int lazaret = lazaret(h, lazaretFrom, lazaretTo, zone, installation);
            int baskets = h.createQuery("SELECT COUNT(*) FROM baskets").mapTo(Integer.class).one();
            return new int[] {users, tasks, baskets, lazaret};
        });
        installation.checkpoints().put(CHECKPOINT, "done");
        installation.log().line(name() + ": " + counts[0] + " user(s), " + counts[1] + " task(s), " + counts[2] + " basket(s), "
                + counts[3] + " lazaret item(s) imported; sessions, story work zones, validations, lists, feeds, orders and API "
                + "tokens stay in the set-aside tables");
    }

    /**
     * Users, with the same ids. A 3.8.8 hash is kept, marked with its scheme, for {@code Passwords}' legacy check at
     * first sign-in: {@code phraseanet388-hmac-sha512$<nonce>$<hex>} (salted_password = 1: HMAC-SHA512 of
     * password + nonce keyed with main.key) or {@code phraseanet388-sha256$<hex>} (salted_password = 0).
     */
    private static int users(Handle h, java.time.ZoneId zone) {
        return h.execute("""
                INSERT INTO users (id, login, email, password_hash, is_admin, locale, is_template, created_at, last_connection,
                    first_name, last_name, company, locked, deleted, template_owner)
                SELECT u.usr_id, u.usr_login, NULLIF(u.usr_mail, ''),
                    CASE
                        WHEN u.usr_login LIKE '(#deleted%%' OR u.usr_login IN ('autoregister', 'invite') OR u.model_of <> 0
                             OR u.usr_password IS NULL OR u.usr_password = '' THEN NULL
                        WHEN u.salted_password = 1 THEN CONCAT('phraseanet388-hmac-sha512$', COALESCE(u.nonce, ''), '$', u.usr_password)
                        ELSE CONCAT('phraseanet388-sha256$', u.usr_password)
                    END,
                    u.create_db <> 0,
                    CASE WHEN u.locale LIKE 'fr%%' THEN 'fr' WHEN u.locale LIKE 'de%%' THEN 'de' WHEN u.locale LIKE 'en%%' THEN 'en' ELSE NULL END,
                    u.model_of <> 0 OR u.usr_login IN ('autoregister', 'invite'),
                    CASE WHEN u.usr_creationdate IS NULL OR u.usr_creationdate < '1971-01-01' THEN UTC_TIMESTAMP() ELSE %s END,
                    CASE WHEN u.last_conn IS NULL OR u.last_conn < '1971-01-01' THEN NULL ELSE %s END,
                    NULLIF(u.usr_prenom, ''), NULLIF(u.usr_nom, ''), NULLIF(u.societe, ''),
                    u.mail_locked <> 0, u.usr_login LIKE '(#deleted%%', NULLIF(u.model_of, 0)
                FROM %s u""".formatted(LegacyTime.toUtc("u.usr_creationdate", zone), LegacyTime.toUtc("u.last_conn", zone), legacy("usr")));
    }

    private static void registerDatabox(Handle h, InstalledDatabox d) {
        BoxConnection c = d.box().connection();
        h.createUpdate("""
                INSERT INTO databoxes (sbas_id, name, engine, host, port, db_user, db_password, dbname, h2_path, ord, created_at)
                SELECT :sbas, :name, 'mariadb', :host, :port, :user, :password, :dbname, NULL, s.ord, :now
                FROM %s s WHERE s.sbas_id = :sbas""".formatted(legacy("sbas")))
                .bind("sbas", d.sbasId()).bind("name", d.name()).bind("host", c.host()).bind("port", c.port())
                .bind("user", c.user()).bind("password", c.password()).bind("dbname", c.dbname()).bind("now", Instant.now())
                .execute();
    }

    /** Tasks, same ids; a class without Athanor counterpart becomes a stopped 'null' task whose last error says so. */
    private static int tasks(Handle h, java.time.ZoneId zone) {
        StringBuilder type = new StringBuilder("CASE t.class");
        TASK_TYPES.forEach((cls, athanor) -> type.append(" WHEN '").append(cls).append("' THEN '").append(athanor).append("'"));
        type.append(" ELSE 'null' END");
        String known = "t.class IN ('" + String.join("', '", TASK_TYPES.keySet()) + "')";
        return h.execute("""
                INSERT INTO tasks (id, name, job_type, settings, period_seconds, configured_status, actual_status, last_run,
                    last_error, crash_count, created_at)
                SELECT t.task_id, LEFT(t.name, 128), %s, t.settings,
                    CASE WHEN ExtractValue(t.settings, '/tasksettings/period') REGEXP '^[0-9]+$'
                         THEN GREATEST(1, CAST(ExtractValue(t.settings, '/tasksettings/period') AS UNSIGNED)) ELSE 10 END,
                    CASE WHEN %s AND t.status IN ('started', 'tostart', 'torestart', 'starting') THEN 'started' ELSE 'stopped' END,
                    'stopped',
                    CASE WHEN t.last_exec_time IS NULL OR t.last_exec_time < '1971-01-01' THEN NULL ELSE %s END,
                    CASE WHEN %s THEN NULL ELSE CONCAT('Imported from Phraseanet 3.8.8: its task class ', t.class,
                         ' has no counterpart in Athanor; kept stopped with its settings. Delete it once you no longer need them.') END,
                    0, UTC_TIMESTAMP()
                FROM %s t""".formatted(type, known, LegacyTime.toUtc("t.last_exec_time", zone), known, legacy("task2")));
    }

    /**
     * Lazaret items: the files are copied (Phraseanet's stay for a rollback) from the 3.8 lazaret folder (see
     * {@link Phraseanet388Import#lazaretFolder}) into Athanor's.
     */
    private static int lazaret(Handle h, Path from, Path to, java.time.ZoneId zone, Installation installation) {
        List<Map<String, Object>> rows = h.createQuery("""
                SELECT f.id, f.base_id, f.originalName, f.filename, f.sha256, f.uuid, s.usr_id, f.created,
                       (SELECT GROUP_CONCAT(c.checkClassname SEPARATOR '\\n') FROM %s c WHERE c.lazaret_file_id = f.id) AS checks
                FROM %s f LEFT JOIN %s s ON s.id = f.lazaret_session_id
                JOIN collections c2 ON c2.base_id = f.base_id""".formatted(legacy("LazaretChecks"), legacy("LazaretFiles"),
                legacy("LazaretSessions"))).mapToMap().list();
        int n = 0;
        for (Map<String, Object> r : rows) {
            String file = String.valueOf(r.get("filename"));
            Path source = from.resolve(file).normalize();
            long size = 0;
            try {
                if (source.startsWith(from) && Files.isRegularFile(source)) {
                    Files.createDirectories(to);
                    Files.copy(source, to.resolve(source.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    size = Files.size(source);
                } else {
                    installation.log().line("lazaret: file " + source + " of item " + r.get("id") + " is missing; item kept without it");
                }
            } catch (IOException e) {
                throw new AthanorException(ErrorCode.IO, "Cannot copy the lazaret file " + source + " to " + to + ": " + e.getMessage()
                        + ". Check that the data folder is writable, then run bin/setup system:upgrade again.", e);
            }
            Object uid = r.get("usr_id");
            h.createUpdate("""
                    INSERT INTO lazaret_files (id, base_id, original_name, stored_file, sha256, uuid, mime, size, status, checks,
                        user_id, created_at)
                    VALUES (:id, :base, :name, :file, :sha, :uuid, NULL, :size, 0, :checks, :user, :created)""")
                    .bind("id", ((Number) r.get("id")).longValue()).bind("base", ((Number) r.get("base_id")).intValue())
                    .bind("name", String.valueOf(r.get("originalname"))).bind("file", source.getFileName().toString())
                    .bind("sha", String.valueOf(r.get("sha256"))).bind("uuid", (String) r.get("uuid")).bind("size", size)
                    .bind("checks", r.get("checks") == null ? "" : String.valueOf(r.get("checks")))
                    .bind("user", uid == null ? null : ((Number) uid).longValue())
                    .bind("created", r.get("created") instanceof java.time.LocalDateTime t ? t.atZone(zone).toInstant() : Instant.now())
                    .execute();
            n++;
        }
        return n;
    }

    @Override public List<String> plan(Installation installation) {
        return List.of("users (3.8.8 password hashes kept, re-hashed with argon2id at first sign-in), rights with status masks,"
                + " databox registry and collections (same sbas_id, base_id), tasks, baskets, lazaret items");
    }
}
