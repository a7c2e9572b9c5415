package org.athanor.cli;

import org.athanor.core.Version;

/** Entry point of {@code bin/console}, the operations console; needs an installation. */
public final class ConsoleMain {
    private ConsoleMain() {}

    public static void main(String[] args) {
        if (Cli.asksForVersion(args)) {          // answered before anything else is loaded
            System.out.println(Version.line());
            System.exit(0);
        }
        System.exit(Cli.run(Cli.Program.CONSOLE, args));
    }
}
