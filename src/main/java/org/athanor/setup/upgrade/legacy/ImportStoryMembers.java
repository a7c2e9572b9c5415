package org.athanor.setup.upgrade.legacy;

import static org.athanor.setup.upgrade.legacy.LegacyTables.legacy;

import java.util.List;
import org.athanor.core.Progress;
import org.athanor.db.Box;
import org.athanor.db.BoxKind;
import org.athanor.setup.upgrade.Installation;
import org.athanor.setup.upgrade.UpgradeStep;

/**
 * Step: one databox's story members ({@code regroup}), once all its records are in (a story may hold records with
 * higher ids), in one transaction; links to records that no longer exist are left out, as 3.8.8 did not show them.
 */
final class ImportStoryMembers implements UpgradeStep {
    private final int sbasId;

    ImportStoryMembers(int sbasId) {
        this.sbasId = sbasId;
    }

    @Override public String name() {
        return "legacy388-stories-" + sbasId;
    }

    private String checkpoint() {
        return "legacy388:stories:" + sbasId;
    }

    @Override public boolean isDone(Installation installation) {
        return "done".equals(installation.checkpoints().get(checkpoint()).orElse(null));
    }

    @Override public void apply(Installation installation, Progress progress) {
        Box db = Phraseanet388Import.box(installation, BoxKind.DATABOX, sbasId);
        int n = db.jdbi().inTransaction(h -> {
            h.execute("DELETE FROM story_members");
            return h.execute("""
                    INSERT INTO story_members (story_id, record_id, ord)
                    SELECT g.rid_parent, g.rid_child, MIN(g.ord)
                    FROM %s g JOIN records s ON s.record_id = g.rid_parent AND s.is_story
                              JOIN records m ON m.record_id = g.rid_child
                    GROUP BY g.rid_parent, g.rid_child""".formatted(legacy("regroup")));
        });
        installation.checkpoints().put(checkpoint(), "done");
        installation.log().line(name() + ": " + n + " story member(s) in " + db.describe());
    }

    @Override public List<String> plan(Installation installation) {
        return List.of("story members (regroup)");
    }
}
