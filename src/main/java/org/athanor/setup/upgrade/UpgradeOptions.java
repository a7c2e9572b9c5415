package org.athanor.setup.upgrade;

/**
 * The options of {@code bin/setup system:upgrade}.
 *
 * @param yes answer yes to every question ({@code -y/--yes})
 * @param dryRun print the plan and change nothing ({@code --dry-run})
 * @param dump print the SQL the plan would run and change nothing ({@code --dump})
 * @param force take over the lock of an upgrade whose owner is dead or whose heartbeat is stale ({@code --force})
 * @param noBackup skip the automatic backup; only with {@code yes} ({@code --no-backup})
 * @param disconnectUsers sign out every user instead of refusing while sessions are active ({@code --disconnect-users})
 * @param legacyTimezone the time zone of a Phraseanet 3.8.8 installation's dates ({@code --legacy-timezone}); null to
 *     take it from its configuration, else this machine's
 */
public record UpgradeOptions(boolean yes, boolean dryRun, boolean dump, boolean force, boolean noBackup, boolean disconnectUsers,
                             String legacyTimezone) {
    /** Plain {@code --yes}: back up, refuse with users signed in, no takeover. */
    public static final UpgradeOptions YES = new UpgradeOptions(true, false, false, false, false, false);

    /** The options without {@code --legacy-timezone}. */
    public UpgradeOptions(boolean yes, boolean dryRun, boolean dump, boolean force, boolean noBackup, boolean disconnectUsers) {
        this(yes, dryRun, dump, force, noBackup, disconnectUsers, null);
    }

    /** Return whether this run only prints (dry run or dump). */
    public boolean printsOnly() {
        return dryRun || dump;
    }
}
