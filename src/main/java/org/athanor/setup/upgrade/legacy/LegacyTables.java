package org.athanor.setup.upgrade.legacy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.db.Box;
import org.athanor.db.BoxKind;

/**
 * Phraseanet 3.8.8's tables, as its {@code bases_structure.xml} and Doctrine mappings declare them, and their names
 * once the import has set them aside ({@code <table>}{@value #SUFFIX}) until {@code bin/console system:cleanup-legacy}.
 */
public final class LegacyTables {
    /** Appended to the name of every Phraseanet table the import sets aside. */
    public static final String SUFFIX = org.athanor.setup.upgrade.PhraseanetImportPath.SET_ASIDE_SUFFIX;

    /** The appbox tables of {@code bases_structure.xml} (3.8.8) and of its Doctrine mappings. */
    static final List<String> APPBOX = List.of("bas", "api_accounts", "api_webhooks", "api_applications", "api_logs",
            "api_oauth_codes", "api_oauth_tokens", "api_oauth_refresh_tokens", "bridge_accounts", "bridge_elements",
            "bridge_apis", "bridge_account_settings", "basusr", "cache", "registry", "records_rights", "demand", "dsel",
            "edit_presets", "ftp_export", "ftp_export_elements", "notifications", "order", "order_elements", "sbas",
            "sbasusr", "sitepreff", "feed_publishers", "feeds", "feed_tokens", "feed_entries", "feed_entry_elements",
            "task2", "tokens", "usr", "usr_settings",
            "AuthFailures", "Baskets", "BasketElements", "LazaretAttributes", "LazaretChecks", "LazaretFiles",
            "LazaretSessions", "Secrets", "Sessions", "SessionModules", "StoryWZ", "UsrAuthProviders", "UsrLists",
            "UsrListsContent", "UsrListOwners", "ValidationDatas", "ValidationParticipants", "ValidationSessions");
    /** The databox tables of {@code bases_structure.xml} (3.8.8). */
    static final List<String> DATABOX = List.of("clients", "coll", "collusr", "emptyw", "metadatas_structure", "metadatas",
            "status", "idx", "kword", "log", "log_colls", "log_search", "log_docs", "log_view", "memcached", "permalinks",
            "pref", "prop", "record", "regroup", "subdef", "suggest", "technical_datas", "thit", "uids", "xpath");

    private LegacyTables() {}

    /** Return the Phraseanet tables of a box of {@code kind}. */
    static List<String> of(BoxKind kind) {
        return kind == BoxKind.APPBOX ? APPBOX : DATABOX;
    }

    /** Return {@code table} as set aside: {@code `usr_legacy388`}, quoted for MariaDB. */
    static String legacy(String table) {
        return "`" + table + SUFFIX + "`";
    }

    /** Return the names of the tables of the box's database (case kept). */
    static Set<String> tablesOf(Box box) {
        Set<String> names = new LinkedHashSet<>();
        try (Connection c = box.dataSource().getConnection();
             ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, "%", new String[] {"TABLE", "BASE TABLE"})) {
            while (rs.next()) names.add(rs.getString("TABLE_NAME"));
        } catch (SQLException e) {
            throw new AthanorException(ErrorCode.DATABASE_UNREACHABLE, "Cannot list the tables of " + box.describe() + ": " + e.getMessage(), e);
        }
        return names;
    }

    /** Return the Phraseanet tables of the box still under their own name (not yet set aside). */
    static List<String> notSetAside(Box box) {
        Set<String> present = tablesOf(box);
        List<String> out = new ArrayList<>();
        for (String t : of(box.kind())) if (present.contains(t)) out.add(t);
        return out;
    }

    /** Return the Phraseanet tables of the box that were set aside. */
    static List<String> setAside(Box box) {
        Set<String> present = tablesOf(box);
        List<String> out = new ArrayList<>();
        for (String t : of(box.kind())) if (present.contains(t + SUFFIX)) out.add(t + SUFFIX);
        return out;
    }
}
