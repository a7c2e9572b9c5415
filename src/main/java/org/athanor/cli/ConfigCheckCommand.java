package org.athanor.cli;

import java.util.concurrent.Callable;
import org.athanor.programs.Programs;
import org.athanor.setup.check.ConfigCheck;
import org.athanor.setup.check.SystemCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/console check:config}: check:system plus the installation (boxes, schemas, structure, folders, index). */
@Command(name = "check:config", mixinStandardHelpOptions = true,
        description = {"Check this machine (as check:system) and the installation: each box reachable, engine version, charset "
                + "(MariaDB utf8mb4), schema version, structure fields' src, storage folders, search index, dump tools, "
                + "configuration.yml readable by its owner only.",
                "Each line is OK, WARNING (a recommendation) or ERROR (a requirement), with what to do."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every line OK", "1:only recommendations failed (warnings), or no installation",
                "2:at least one requirement failed (errors), or bad argument", "3:the check itself failed"})
final class ConfigCheckCommand implements Callable<Integer> {
    private final CliContext context;
    @Option(names = "--format", defaultValue = "text", description = "text or json.") String format;

    ConfigCheckCommand(CliContext context) {
        this.context = context;
    }

    @Override public Integer call() {
        boolean json = Output.json(format);
        SystemCheck system = new SystemCheck(CliContext.home(), Programs.system());
        return CheckOutput.print(context, new ConfigCheck(system).run(context.configFile()), json);
    }
}
