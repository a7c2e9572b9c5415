package org.athanor.setup.upgrade;

import org.athanor.core.ReleaseVersion;

/**
 * One versioned change of {@code configuration.yml}, introduced by a release: the text of the file in, the text out.
 * {@link #isApplied} reads the file (never memory), so that the configuration step is idempotent.
 */
public interface ConfigMigration {
    /** Return the release that introduced this change; it applies to files written by older releases. */
    ReleaseVersion introducedIn();

    /** Return one line for the plan and the log. */
    String description();

    /** Return whether {@code yaml} already holds this change. */
    boolean isApplied(String yaml);

    /** Return {@code yaml} with this change; comments and order of what is there are kept. */
    String apply(String yaml);
}
