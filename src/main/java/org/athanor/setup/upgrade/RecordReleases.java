package org.athanor.setup.upgrade;

import java.util.ArrayList;
import java.util.List;
import org.athanor.core.Progress;
import org.athanor.core.Version;
import org.athanor.appbox.AppInfo;
import org.athanor.appbox.BoxReleases;
import org.athanor.db.BoxKind;
import org.athanor.db.SchemaMigrator;

/** Step: record, per box, that this release wrote it and its schema version ({@code box_releases}); the appbox's app_info version too. */
final class RecordReleases implements UpgradeStep {
    @Override
    public String name() {
        return "version-records";
    }

    @Override
    public boolean isDone(Installation installation) {
        if (!Detector.tableExists(installation.appbox(), "box_releases")) return false;
        BoxReleases releases = new BoxReleases(installation.appbox().jdbi());
        if (!releases.isRecorded(BoxKind.APPBOX, 0, Version.CURRENT, SchemaMigrator.currentVersion(installation.appbox()).orElse("0"))) return false;
        for (InstalledDatabox d : installation.databoxes()) {
            if (!releases.isRecorded(BoxKind.DATABOX, d.sbasId(), Version.CURRENT, SchemaMigrator.currentVersion(d.box()).orElse("0"))) return false;
        }
        return Version.NUMBER.equals(new AppInfo(installation.appbox().jdbi()).installedVersion().orElse(null));
    }

    @Override
    public void apply(Installation installation, Progress progress) {
        BoxReleases releases = new BoxReleases(installation.appbox().jdbi());
        for (InstalledDatabox d : installation.databoxes()) {
            releases.record(BoxKind.DATABOX, d.sbasId(), Version.CURRENT, SchemaMigrator.currentVersion(d.box()).orElse("0"));
        }
        releases.record(BoxKind.APPBOX, 0, Version.CURRENT, SchemaMigrator.currentVersion(installation.appbox()).orElse("0"));
        new AppInfo(installation.appbox().jdbi()).put(AppInfo.VERSION, Version.NUMBER);
        installation.log().line("version-records: every box records Athanor " + Version.NUMBER);
    }

    @Override
    public List<String> plan(Installation installation) {
        List<String> lines = new ArrayList<>();
        lines.add("appbox and " + installation.databoxes().size() + " databox(es) record Athanor " + Version.NUMBER);
        return lines;
    }
}
