package org.athanor.setup.upgrade.legacy;

import java.util.ArrayList;
import java.util.List;
import org.athanor.db.Box;

/**
 * Removes the Phraseanet 3.8.8 tables that the import set aside ({@code <table>}{@value LegacyTables#SUFFIX}), once
 * the administrator is satisfied with the upgrade ({@code bin/console system:cleanup-legacy}). Only those tables:
 * a table of another name is never touched.
 */
public final class LegacyCleanup {
    /** The set-aside tables of one box. */
    public record BoxTables(Box box, List<String> tables) {}

    private LegacyCleanup() {}

    /** Return the set-aside Phraseanet tables of each box, boxes without any left out. */
    public static List<BoxTables> find(List<Box> boxes) {
        List<BoxTables> out = new ArrayList<>();
        for (Box b : boxes) {
            List<String> tables = LegacyTables.setAside(b);
            if (!tables.isEmpty()) out.add(new BoxTables(b, tables));
        }
        return out;
    }

    /** Drop the tables found; safe to run again after an interruption. Return how many were dropped. */
    public static int drop(List<BoxTables> found) {
        int n = 0;
        for (BoxTables t : found) {
            for (String table : t.tables()) {
                if (!table.endsWith(LegacyTables.SUFFIX)) throw new IllegalArgumentException(table + " is not a set-aside Phraseanet table");
                t.box().jdbi().useHandle(h -> h.execute("DROP TABLE IF EXISTS `" + table + "`"));
                n++;
            }
        }
        return n;
    }
}
