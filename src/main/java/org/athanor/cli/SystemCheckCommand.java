package org.athanor.cli;

import java.util.concurrent.Callable;
import org.athanor.programs.Programs;
import org.athanor.setup.check.SystemCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/setup check:system}: what Athanor needs from this machine; works with or without an installation. */
@Command(name = "check:system", mixinStandardHelpOptions = true,
        description = {"Check this machine for Athanor: Java, memory, CPUs, folders (writable, free space, data outside the program "
                + "folder), charset, time zone, external programs and versions, dump tools, open-file limit.",
                "Each line is OK, WARNING (a recommendation) or ERROR (a requirement), with what to do."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every line OK", "1:only recommendations failed (warnings)", "2:at least one requirement failed (errors), or bad argument",
                "3:the check itself failed"})
final class SystemCheckCommand implements Callable<Integer> {
    private final CliContext context;
    @Option(names = "--format", defaultValue = "text", description = "text or json.") String format;

    SystemCheckCommand(CliContext context) {
        this.context = context;
    }

    @Override public Integer call() {
        boolean json = Output.json(format);
        return CheckOutput.print(context, new SystemCheck(CliContext.home(), Programs.system()).run(context.configFile()), json);
    }
}
