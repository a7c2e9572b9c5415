package org.athanor.setup.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.ReleaseVersion;
import org.athanor.core.Version;
import org.athanor.db.BoxKind;
import org.athanor.db.SchemaMigrator;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Which sets this program restores: those of its own release, and those of an older release — the automatic backup
 * made before an upgrade, restored to roll the upgrade back. A set of a newer release, or with a box schema newer than
 * this program knows, is refused: only that release can read it.
 */
final class SetRelease {
    private SetRelease() {}

    /**
     * Refuse a set this program must not restore.
     *
     * @throws AthanorException CONFLICT for a set of a newer release or schema, naming the release to install
     */
    static void check(BackupSet set) {
        Manifest m = set.manifest();
        List<String> newer = newerSchemas(m);
        Optional<ReleaseVersion> release = parse(m.athanorVersion());
        boolean newerRelease = release.isEmpty() ? !Version.NUMBER.equals(m.athanorVersion())
                : release.get().withoutBuild().isNewerThan(Version.CURRENT.withoutBuild());
        if (newerRelease || !newer.isEmpty()) {
            throw new AthanorException(ErrorCode.CONFLICT, "The backup set " + set.dir() + " was made by Athanor " + m.athanorVersion()
                    + "; this program is Athanor " + Version.NUMBER
                    + (newer.isEmpty() ? "" : ", and the set holds " + String.join(", ", newer))
                    + ". Install Athanor " + m.athanorVersion() + " (its program folder, with this config/) and run its bin/setup "
                    + "system:restore-db to restore this set. Nothing was changed.");
        }
    }

    /**
     * Return, for a set made by an older release (or with older box schemas), what restoring it means and what to do
     * next; empty for a set of this release.
     */
    static Optional<String> olderNote(BackupSet set) {
        Manifest m = set.manifest();
        List<String> older = new ArrayList<>();
        for (Manifest.BoxEntry b : m.boxes()) {
            if (b.schemaVersion() == null) continue;
            String latest = SchemaMigrator.latestVersion(kind(b));
            if (MigrationVersion.fromVersion(b.schemaVersion()).compareTo(MigrationVersion.fromVersion(latest)) < 0) {
                older.add(b.label() + " schema " + b.schemaVersion() + " (this program: " + latest + ")");
            }
        }
        boolean olderRelease = parse(m.athanorVersion()).map(r -> r.withoutBuild().isOlderThan(Version.CURRENT.withoutBuild())).orElse(false);
        if (older.isEmpty() && !olderRelease) return Optional.empty();
        return Optional.of("This set was made by Athanor " + m.athanorVersion() + (older.isEmpty() ? "" : ", with " + String.join(", ", older))
                + ": the installation is now back to that release, as before the upgrade. Put that release's program folder back "
                + "(keep this config/), or run bin/setup system:upgrade again with this program (Athanor " + Version.NUMBER + ").");
    }

    private static List<String> newerSchemas(Manifest m) {
        List<String> newer = new ArrayList<>();
        for (Manifest.BoxEntry b : m.boxes()) {
            if (b.schemaVersion() == null) continue;
            String latest = SchemaMigrator.latestVersion(kind(b));
            try {
                if (MigrationVersion.fromVersion(b.schemaVersion()).compareTo(MigrationVersion.fromVersion(latest)) > 0) {
                    newer.add(b.label() + " at schema " + b.schemaVersion() + " (this program knows up to " + latest + ")");
                }
            } catch (RuntimeException e) {
                newer.add(b.label() + " at schema '" + b.schemaVersion() + "'");
            }
        }
        return newer;
    }

    private static BoxKind kind(Manifest.BoxEntry b) {
        return "appbox".equals(b.kind()) ? BoxKind.APPBOX : BoxKind.DATABOX;
    }

    private static Optional<ReleaseVersion> parse(String v) {
        try {
            return Optional.of(ReleaseVersion.parse(v));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
