package org.athanor.setup.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.athanor.core.ReleaseVersion;
import org.athanor.db.BoxKind;
import org.athanor.setup.upgrade.DetectedInstallation.BoxVersion;
import org.athanor.setup.upgrade.DetectedInstallation.Product;
import org.athanor.setup.upgrade.UpgradePolicy.Decision;
import org.athanor.setup.upgrade.UpgradeRefusedException.Reason;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("system:upgrade version policy")
class UpgradePolicyTests {
    private final UpgradePolicy policy = new UpgradePolicy(ReleaseVersion.parse("4.0.0"), Releases.OLDEST_UPGRADABLE, false, "the sets in /srv/data/backups");
    private final UpgradePolicy withImport = new UpgradePolicy(ReleaseVersion.parse("4.0.0"), Releases.OLDEST_UPGRADABLE, true, "");

    @Nested
    @DisplayName("from a Phraseanet installation")
    class FromPhraseanet {
        @Test
        @DisplayName("accepts Phraseanet 3.8.8 when this build imports it")
        void acceptsPhraseanet388() {
            assertThat(withImport.decide(phraseanet("3.8.8", "3.8.8"))).isEqualTo(Decision.IMPORT_PHRASEANET);
        }

        @Test
        @DisplayName("says clearly that the import is not in this build, and changes nothing")
        void saysTheImportIsNotAvailable() {
            assertThatThrownBy(() -> policy.decide(phraseanet("3.8.8", "3.8.8")))
                    .isInstanceOfSatisfying(UpgradeRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PHRASEANET_IMPORT_UNAVAILABLE))
                    .hasMessageContaining("the import of a Phraseanet installation is not available in this build")
                    .hasMessageEndingWith("Nothing was changed.");
        }

        @Test
        @DisplayName("refuses Phraseanet 3.8.7 with the step to take")
        void refusesPhraseanet387WithTheStepToTake() {
            assertThatThrownBy(() -> withImport.decide(phraseanet("3.8.7", "3.8.7")))
                    .isInstanceOfSatisfying(UpgradeRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PHRASEANET_TOO_OLD))
                    .hasMessage("""
                            The appbox records Phraseanet 3.8.7 (sitepreff.version); Athanor upgrades from Phraseanet 3.8.8 only.
                            Upgrade it to Phraseanet 3.8.8 first, then run this again: bin/setup system:upgrade. Nothing was changed.""");
        }

        @Test
        @DisplayName("refuses a 3.8.8 appbox whose databox is still at 3.8.6, naming the databox")
        void refusesAnOlderDatabox() {
            assertThatThrownBy(() -> withImport.decide(phraseanet("3.8.8", "3.8.6")))
                    .hasMessageStartingWith("The appbox records Phraseanet 3.8.6 (pref version of databox 'db1')");
        }
    }

    @Nested
    @DisplayName("from Athanor")
    class FromAthanor {
        @Test
        @DisplayName("upgrades 4.0.0-alpha.1 (schemas 1/1) and 4.0.0-alpha.2 (schemas 3/1)")
        void upgradesTheAlphas() {
            assertThat(policy.decide(athanor(box(BoxKind.APPBOX, "1", "4.0.0-alpha.1"), box(BoxKind.DATABOX, "1", "4.0.0-alpha.1"))))
                    .isEqualTo(Decision.UPGRADE_ATHANOR);
            assertThat(policy.decide(athanor(box(BoxKind.APPBOX, "3", "4.0.0-alpha.2"), box(BoxKind.DATABOX, "1", "4.0.0-alpha.2"))))
                    .isEqualTo(Decision.UPGRADE_ATHANOR);
        }

        @Test
        @DisplayName("has nothing to do when every box is at this release and schema")
        void upToDate() {
            String app = Releases.currentSchema(BoxKind.APPBOX);
            String db = Releases.currentSchema(BoxKind.DATABOX);
            assertThat(policy.decide(athanor(box(BoxKind.APPBOX, app, "4.0.0"), box(BoxKind.DATABOX, db, "4.0.0")))).isEqualTo(Decision.UP_TO_DATE);
        }

        @Test
        @DisplayName("refuses a downgrade, naming the release to install and the backups")
        void refusesDowngrade() {
            assertThatThrownBy(() -> policy.decide(athanor(box(BoxKind.APPBOX, "7", "4.1.0"), box(BoxKind.DATABOX, "3", "4.1.0"))))
                    .isInstanceOfSatisfying(UpgradeRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DOWNGRADE))
                    .hasMessageContaining("was written by Athanor 4.1.0")
                    .hasMessageContaining("Install Athanor 4.1.0 or newer, or restore a backup made by Athanor 4.0.0 or older (the sets in "
                            + "/srv/data/backups) with bin/setup system:restore-db <set> --yes. Nothing was changed.");
        }

        @Test
        @DisplayName("refuses an installation older than the oldest supported")
        void refusesTooOld() {
            UpgradePolicy later = new UpgradePolicy(ReleaseVersion.parse("4.2.0"), ReleaseVersion.parse("4.0.0"), false, "");
            assertThatThrownBy(() -> later.decide(athanor(box(BoxKind.APPBOX, "1", "4.0.0-alpha.1"), box(BoxKind.DATABOX, "1", "4.0.0-alpha.1"))))
                    .isInstanceOfSatisfying(UpgradeRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_OLD))
                    .hasMessageContaining("this program upgrades from Athanor 4.0.0 or newer")
                    .hasMessageContaining("Install Athanor 4.0.0 first, run its bin/setup system:upgrade, then run this again.");
        }

        @Test
        @DisplayName("refuses boxes at versions no path reconciles")
        void refusesDisagreeingBoxes() {
            assertThatThrownBy(() -> policy.decide(athanor(box(BoxKind.APPBOX, "1", "4.0.0-alpha.1"), box(BoxKind.DATABOX, "2", "4.0.0-beta.1"))))
                    .isInstanceOfSatisfying(UpgradeRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BOXES_DISAGREE))
                    .hasMessageContaining("no upgrade path reconciles")
                    .hasMessageContaining("databox 'db1' (sbas_id 1): 4.0.0-beta.1");
        }
    }

    // ---

    private static BoxVersion box(BoxKind kind, String schema, String release) {
        return new BoxVersion(kind, kind == BoxKind.APPBOX ? "appbox" : "db1", kind == BoxKind.APPBOX ? 0 : 1, schema,
                ReleaseVersion.parse(release), kind.folder() + " schema " + schema);
    }

    private static DetectedInstallation athanor(BoxVersion... boxes) {
        return new DetectedInstallation(Product.ATHANOR, boxes[0].release(), boxes[0].evidence(), List.of(boxes));
    }

    private static DetectedInstallation phraseanet(String appbox, String databox) {
        List<BoxVersion> boxes = new ArrayList<>();
        boxes.add(new BoxVersion(BoxKind.APPBOX, "appbox", 0, "0", ReleaseVersion.parse(appbox), "sitepreff.version " + appbox));
        boxes.add(new BoxVersion(BoxKind.DATABOX, "db1", 1, "0", ReleaseVersion.parse(databox), "pref version " + databox));
        return new DetectedInstallation(Product.PHRASEANET, ReleaseVersion.parse(appbox), "sitepreff.version", boxes);
    }
}
