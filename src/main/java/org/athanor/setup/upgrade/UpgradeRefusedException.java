package org.athanor.setup.upgrade;

import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.ReleaseVersion;

/**
 * Thrown before any change when {@code system:upgrade} will not start: the version policy, the preflight or the lock
 * refused. The message says what was found and where, what is expected, what to do, and that nothing was changed.
 */
public final class UpgradeRefusedException extends AthanorException {
    /** Why the upgrade was refused; {@link UpgradeExit#of(Reason)} gives the exit code. */
    public enum Reason {
        /** A Phraseanet installation older than 3.8.8. */
        PHRASEANET_TOO_OLD,
        /** A Phraseanet 3.8.8 installation, but this build has no Phraseanet import. */
        PHRASEANET_IMPORT_UNAVAILABLE,
        /** Nothing this program recognizes as an installation it can upgrade (unknown schema, unknown version). */
        UNKNOWN_INSTALLATION,
        /** An Athanor release older than the oldest this program upgrades from. */
        TOO_OLD,
        /** The installation was written by a newer release than this program. */
        DOWNGRADE,
        /** The boxes are at versions no upgrade path reconciles. */
        BOXES_DISAGREE,
        /** The scheduler or a server of the installation is running. */
        PROCESS_RUNNING,
        /** Users are signed in and {@code --disconnect-users} was not given. */
        SESSIONS_ACTIVE,
        /** {@code check:system} reports an error. */
        CHECK_FAILED,
        /** Not enough free disk for the automatic backup. */
        DISK_SPACE,
        /** Another system:upgrade holds the lock. */
        LOCKED,
        /** An option or confirmation is missing (e.g. {@code --no-backup} without {@code --yes}). */
        NOT_CONFIRMED
    }

    private final Reason reason;

    public UpgradeRefusedException(Reason reason, String message) {
        super(ErrorCode.UPGRADE_REFUSED, message);
        this.reason = reason;
    }

    /** Return why the upgrade was refused. */
    public Reason reason() {
        return reason;
    }

    static UpgradeRefusedException phraseanetTooOld(ReleaseVersion found, String where) {
        return new UpgradeRefusedException(Reason.PHRASEANET_TOO_OLD, """
                The appbox records Phraseanet %s (%s); Athanor upgrades from Phraseanet %s only.
                Upgrade it to Phraseanet %s first, then run this again: bin/setup system:upgrade. Nothing was changed."""
                .formatted(found, where, Releases.PHRASEANET_REQUIRED, Releases.PHRASEANET_REQUIRED));
    }

    static UpgradeRefusedException phraseanetImportUnavailable(ReleaseVersion found, String where) {
        return new UpgradeRefusedException(Reason.PHRASEANET_IMPORT_UNAVAILABLE, """
                The appbox records Phraseanet %s (%s): Athanor accepts this version, but the import of a Phraseanet \
                installation is not available in this build (%s). Keep running Phraseanet %s, and run \
                bin/setup system:upgrade with an Athanor build that includes the Phraseanet import. Nothing was changed."""
                .formatted(found, where, org.athanor.core.Version.line(), found));
    }

    static UpgradeRefusedException tooOld(ReleaseVersion found, String evidence, ReleaseVersion oldest) {
        return new UpgradeRefusedException(Reason.TOO_OLD, """
                The installation is Athanor %s (%s); this program upgrades from Athanor %s or newer.
                Install Athanor %s first, run its bin/setup system:upgrade, then run this again. Nothing was changed."""
                .formatted(found, evidence, oldest, oldest));
    }

    static UpgradeRefusedException downgrade(ReleaseVersion found, String evidence, ReleaseVersion program, String backups) {
        return new UpgradeRefusedException(Reason.DOWNGRADE, """
                The installation was written by Athanor %s (%s), newer than this program (%s): an installation is \
                never downgraded.
                Install Athanor %s or newer, or restore a backup made by Athanor %s or older (%s) with \
                bin/setup system:restore-db <set> --yes. Nothing was changed."""
                .formatted(found, evidence, program, found, program.withoutBuild(), backups));
    }

    static UpgradeRefusedException boxesDisagree(String details) {
        return new UpgradeRefusedException(Reason.BOXES_DISAGREE, """
                The boxes of this installation are at versions no upgrade path reconciles:
                %s
                Restore the whole installation from one backup set (bin/setup system:restore-db <set> --yes) so that \
                every box comes from the same release, then run this again. Nothing was changed."""
                .formatted(details));
    }

    static UpgradeRefusedException unknown(String found) {
        return new UpgradeRefusedException(Reason.UNKNOWN_INSTALLATION, found
                + " Check main.database in the configuration (it must point at the installation to upgrade). Nothing was changed.");
    }
}
