package org.athanor.setup.upgrade;

/** Exit codes of {@code bin/setup system:upgrade}; scripts depend on them, {@code help system:upgrade} lists them. */
public enum UpgradeExit {
    /** The installation is upgraded, or was already up to date ("nothing to do"), or the dry run printed its plan. */
    DONE(0, "upgraded, already up to date, or plan printed (--dry-run, --dump)"),
    /** No installation, or its configuration cannot be read. */
    SETUP_ERROR(1, "no installation, or its configuration cannot be read"),
    /** A wrong option. */
    BAD_ARGUMENT(2, "wrong option or missing confirmation"),
    /** An unexpected error before any change. */
    FATAL(3, "unexpected error"),
    /** The version policy refused: Phraseanet older than 3.8.8, a too old or newer Athanor, disagreeing boxes. */
    VERSION_REFUSED(4, "version refused (too old, newer than this program, Phraseanet before 3.8.8): nothing changed"),
    /** The preflight refused: a scheduler or server running, users signed in, check:system errors, disk space. */
    PREFLIGHT_REFUSED(5, "preflight refused (processes running, users signed in, check:system errors, disk): nothing changed"),
    /** Another system:upgrade holds the lock. */
    LOCKED(6, "another system:upgrade is running (or died: see --force): nothing changed"),
    /** A step failed; maintenance stays on; the message prints the rollback. */
    FAILED(7, "a step failed: maintenance stays on, rerun or roll back as printed"),
    /** Every step ran but the proof found a difference; maintenance stays on; the message prints the rollback. */
    PROOF_FAILED(8, "the upgrade proof found a difference: maintenance stays on, roll back as printed");

    /** The process exit code. */
    public final int code;
    /** One line for {@code help system:upgrade}. */
    public final String meaning;

    UpgradeExit(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** Return the exit code of a refusal. */
    public static UpgradeExit of(UpgradeRefusedException.Reason reason) {
        return switch (reason) {
            case PHRASEANET_TOO_OLD, PHRASEANET_IMPORT_UNAVAILABLE, UNKNOWN_INSTALLATION, TOO_OLD, DOWNGRADE, BOXES_DISAGREE -> VERSION_REFUSED;
            case PROCESS_RUNNING, SESSIONS_ACTIVE, CHECK_FAILED, DISK_SPACE -> PREFLIGHT_REFUSED;
            case LOCKED -> LOCKED;
            case NOT_CONFIRMED -> BAD_ARGUMENT;
        };
    }

    /** Return the picocli exit-code list, {@code "0:meaning"}. */
    public static String[] helpList() {
        return java.util.Arrays.stream(values()).map(e -> e.code + ":" + e.meaning).toArray(String[]::new);
    }
}
