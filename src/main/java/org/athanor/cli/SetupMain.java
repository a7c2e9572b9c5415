package org.athanor.cli;

import org.athanor.core.Version;

/** Entry point of {@code bin/setup}: install, checks and upgrade; works before an installation exists. */
public final class SetupMain {
    private SetupMain() {}

    public static void main(String[] args) {
        if (Cli.asksForVersion(args)) {
            System.out.println(Version.line());
            System.exit(0);
        }
        System.exit(Cli.run(Cli.Program.SETUP, args));
    }
}
