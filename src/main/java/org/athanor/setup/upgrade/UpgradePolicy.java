package org.athanor.setup.upgrade;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.athanor.core.ReleaseVersion;
import org.athanor.db.BoxKind;
import org.athanor.setup.upgrade.DetectedInstallation.BoxVersion;

/**
 * The version policy of {@code system:upgrade}: from what is installed, decide whether there is nothing to do, an
 * Athanor upgrade, or a Phraseanet import — or refuse, before any change, with the step to take.
 */
public final class UpgradePolicy {
    /** What the policy decided. */
    public enum Decision {
        /** Every box is at this program's release: nothing to do. */
        UP_TO_DATE,
        /** An Athanor installation this program upgrades. */
        UPGRADE_ATHANOR,
        /** A Phraseanet 3.8.8 installation to import. */
        IMPORT_PHRASEANET
    }

    private final ReleaseVersion program;
    private final ReleaseVersion oldest;
    private final boolean phraseanetImportAvailable;
    private final String backups;

    /**
     * @param program this program's release
     * @param oldest the oldest Athanor release it upgrades from
     * @param phraseanetImportAvailable whether this build can import Phraseanet 3.8.8
     * @param backups where the backup sets are, for the downgrade message
     */
    public UpgradePolicy(ReleaseVersion program, ReleaseVersion oldest, boolean phraseanetImportAvailable, String backups) {
        this.program = program;
        this.oldest = oldest;
        this.phraseanetImportAvailable = phraseanetImportAvailable;
        this.backups = backups;
    }

    /**
     * Decide for {@code found}.
     *
     * @throws UpgradeRefusedException with the step to take, when this program must not touch the installation
     */
    public Decision decide(DetectedInstallation found) {
        if (found.isPhraseanet()) return decidePhraseanet(found);
        ReleaseVersion p = program.withoutBuild();
        List<BoxVersion> newer = found.boxes().stream().filter(b -> b.release().withoutBuild().isNewerThan(p)).collect(Collectors.toList());
        if (!newer.isEmpty()) {
            BoxVersion first = newer.get(0);
            String release = first.release() == Detector.UNKNOWN_NEWER ? "a newer release" : first.release().toString();
            throw UpgradeRefusedException.downgrade(release.equals("a newer release") ? found.release() : first.release(),
                    newer.stream().map(BoxVersion::describe).collect(Collectors.joining("; ")), program, backups);
        }
        boolean interrupted = found.evidence().startsWith("an interrupted upgrade");
        if (found.release().isOlderThan(oldest)) throw UpgradeRefusedException.tooOld(found.release(), found.evidence(), oldest);
        for (BoxVersion b : found.boxes()) {
            if (b.release().isOlderThan(oldest)) throw UpgradeRefusedException.tooOld(b.release(), b.describe(), oldest);
        }
        if (!interrupted) {
            List<String> disagree = new ArrayList<>();
            BoxVersion app = found.boxes().get(0);
            for (BoxVersion b : found.databoxes()) {
                if (!compatible(app, b)) disagree.add("- " + b.describe() + ", but " + app.describe());
            }
            if (!disagree.isEmpty()) throw UpgradeRefusedException.boxesDisagree(String.join("\n", disagree));
        }
        boolean current = found.boxes().stream().allMatch(b -> b.release().withoutBuild().equals(p)
                && b.schemaVersion().equals(Releases.currentSchema(b.kind())));
        return current && !interrupted ? Decision.UP_TO_DATE : Decision.UPGRADE_ATHANOR;
    }

    /**
     * A databox agrees with the appbox when both were written by the same release, or — before version records — when
     * its schema is the one the appbox's release shipped; a databox created later by this program is also fine.
     */
    private boolean compatible(BoxVersion app, BoxVersion databox) {
        if (databox.release().withoutBuild().equals(app.release().withoutBuild())) return true;
        if (databox.release().withoutBuild().equals(program.withoutBuild())
                && databox.schemaVersion().equals(Releases.currentSchema(BoxKind.DATABOX))) return true;
        return Releases.beforeRecords().stream().anyMatch(r -> r.version().equals(app.release())
                && r.databoxSchema().equals(databox.schemaVersion()));
    }

    private Decision decidePhraseanet(DetectedInstallation found) {
        ReleaseVersion required = Releases.PHRASEANET_REQUIRED;
        for (BoxVersion b : found.boxes()) {
            if (b.release().isOlderThan(required)) {
                String where = b.kind() == BoxKind.APPBOX ? "sitepreff.version" : "pref version of databox '" + b.name() + "'";
                throw UpgradeRefusedException.phraseanetTooOld(b.release(), where);
            }
        }
        if (found.release().isNewerThan(required)) {
            throw UpgradeRefusedException.unknown("The appbox records Phraseanet " + found.release() + " (sitepreff.version); Athanor "
                    + "imports Phraseanet " + required + " installations only.");
        }
        if (!phraseanetImportAvailable) throw UpgradeRefusedException.phraseanetImportUnavailable(found.release(), "sitepreff.version");
        return Decision.IMPORT_PHRASEANET;
    }
}
