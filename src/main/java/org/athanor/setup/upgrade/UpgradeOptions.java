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
 */
public record UpgradeOptions(boolean yes, boolean dryRun, boolean dump, boolean force, boolean noBackup, boolean disconnectUsers) {
    /** Plain {@code --yes}: back up, refuse with users signed in, no takeover. */
    public static final UpgradeOptions YES = new UpgradeOptions(true, false, false, false, false, false);

    /** Return whether this run only prints (dry run or dump). */
    public boolean printsOnly() {
        return dryRun || dump;
    }
}
