package org.athanor.setup.upgrade.legacy;

import java.util.List;
import java.util.stream.Collectors;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Progress;
import org.athanor.db.Box;
import org.athanor.db.BoxKind;
import org.athanor.setup.upgrade.Installation;
import org.athanor.setup.upgrade.UpgradeStep;

/**
 * Step: rename Phraseanet's tables of one box to {@code <table>_legacy388}, in one {@code RENAME TABLE} statement
 * (atomic on MariaDB and MySQL: all or none), so that Athanor's schema can be created beside them and they stay
 * readable until {@code bin/console system:cleanup-legacy}.
 */
final class SetAsideTables implements UpgradeStep {
    private final BoxKind kind;
    private final int sbasId;

    SetAsideTables(BoxKind kind, int sbasId) {
        this.kind = kind;
        this.sbasId = sbasId;
    }

    @Override public String name() {
        return "legacy388-set-aside-" + (kind == BoxKind.APPBOX ? "appbox" : "databox-" + sbasId);
    }

    private Box box(Installation installation) {
        return Phraseanet388Import.box(installation, kind, sbasId);
    }

    @Override public boolean isDone(Installation installation) {
        return LegacyTables.notSetAside(box(installation)).isEmpty();
    }

    @Override public void apply(Installation installation, Progress progress) {
        Box box = box(installation);
        List<String> tables = LegacyTables.notSetAside(box);
        if (tables.isEmpty()) return;
        List<String> clash = LegacyTables.setAside(box);
        clash.removeIf(t -> !tables.contains(t.substring(0, t.length() - LegacyTables.SUFFIX.length())));
        if (!clash.isEmpty()) {
            throw new AthanorException(ErrorCode.UPGRADE_REFUSED, "The " + box.describe() + " holds both Phraseanet tables and "
                    + "their set-aside copies (" + String.join(", ", clash) + "): an earlier import was mixed with a restored "
                    + "database. Restore the backup made before the upgrade, then run bin/setup system:upgrade again.");
        }
        String sql = sql(tables);
        box.jdbi().useHandle(h -> h.execute(sql));
        installation.log().line(name() + ": " + tables.size() + " Phraseanet table(s) of " + box.describe() + " renamed with suffix "
                + LegacyTables.SUFFIX);
    }

    private static String sql(List<String> tables) {
        return "RENAME TABLE " + tables.stream().map(t -> "`" + t + "` TO " + LegacyTables.legacy(t)).collect(Collectors.joining(", "));
    }

    @Override public List<String> plan(Installation installation) {
        int n = LegacyTables.notSetAside(box(installation)).size();
        return List.of(n + " Phraseanet table(s) renamed to <table>" + LegacyTables.SUFFIX + " (kept until system:cleanup-legacy)");
    }

    @Override public List<String> sql(Installation installation) {
        List<String> tables = LegacyTables.notSetAside(box(installation));
        return tables.isEmpty() ? List.of() : List.of(sql(tables));
    }
}
