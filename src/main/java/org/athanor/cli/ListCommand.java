package org.athanor.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Lists every command of the program, grouped by namespace (the part of the name before ':'). */
@Command(name = "list", description = "List the commands, grouped by namespace.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed"})
final class ListCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        print(spec.parent().commandLine(), spec.commandLine().getOut());
    }

    static void print(CommandLine program, PrintWriter out) {
        out.println(org.athanor.core.Version.line());
        out.println();
        out.println("Usage: " + program.getCommandName() + " [-q] [-v] [-n] [--config FILE] <command> [options] [arguments]");
        Map<String, Map<String, String>> groups = new TreeMap<>();
        for (Map.Entry<String, CommandLine> e : program.getSubcommands().entrySet()) {
            String name = e.getKey();
            int colon = name.indexOf(':');
            String group = colon < 0 ? "" : name.substring(0, colon);
            String[] desc = e.getValue().getCommandSpec().usageMessage().description();
            groups.computeIfAbsent(group, g -> new TreeMap<>()).put(name, desc.length == 0 ? "" : desc[0].replace("%n", " ").strip());
        }
        int width = groups.values().stream().flatMap(m -> m.keySet().stream()).mapToInt(String::length).max().orElse(10) + 2;
        for (Map.Entry<String, Map<String, String>> g : groups.entrySet()) {
            out.println();
            out.println(g.getKey().isEmpty() ? "Available commands:" : g.getKey());
            for (Map.Entry<String, String> c : g.getValue().entrySet()) {
                out.printf("  %-" + width + "s%s%n", c.getKey(), c.getValue());
            }
        }
        out.flush();
    }
}
