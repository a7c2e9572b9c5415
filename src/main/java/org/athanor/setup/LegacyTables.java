package org.athanor.setup;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.athanor.db.Box;
import org.athanor.setup.upgrade.legacy.LegacyCleanup;

/** The Phraseanet 3.8.8 tables {@code system:upgrade} kept aside in the appbox and databoxes, for {@code system:cleanup-legacy}. */
public final class LegacyTables {
    private final Supplier<List<Box>> boxes;

    /** @param boxes the appbox then every databox, read at each call (databoxes may be added meanwhile) */
    public LegacyTables(Supplier<List<Box>> boxes) {
        this.boxes = boxes;
    }

    /** The tables of one box: the box as {@link Box#describe()} says it, and its table names. */
    public record Found(String box, List<String> tables) {}

    /** The tables kept aside, box by box; empty when none is left. */
    public List<Found> find() {
        List<Found> found = new ArrayList<>();
        for (LegacyCleanup.BoxTables t : LegacyCleanup.find(boxes.get())) found.add(new Found(t.box().describe(), t.tables()));
        return found;
    }

    /** Drop every table kept aside; return how many were dropped. */
    public int drop() {
        return LegacyCleanup.drop(LegacyCleanup.find(boxes.get()));
    }
}
