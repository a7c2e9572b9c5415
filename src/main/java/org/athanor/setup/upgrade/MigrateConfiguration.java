package org.athanor.setup.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Progress;
import org.athanor.files.AtomicFiles;

/**
 * Step: apply the configuration changes of the releases after the installed one to {@code configuration.yml}. The
 * original is kept first as {@code configuration.yml.<old release>.bak} (never overwritten by a rerun), then the new
 * text replaces the file atomically, with the same permissions.
 */
final class MigrateConfiguration implements UpgradeStep {
    private final List<ConfigMigration> migrations;

    MigrateConfiguration(List<ConfigMigration> migrations) {
        this.migrations = List.copyOf(migrations);
    }

    @Override
    public String name() {
        return "configuration";
    }

    private List<ConfigMigration> pending(Installation installation, String text) {
        List<ConfigMigration> out = new ArrayList<>();
        for (ConfigMigration m : migrations) {
            if (installation.from().isOlderThan(m.introducedIn()) && !m.isApplied(text)) out.add(m);
        }
        return out;
    }

    /** Return where the original file is kept: {@code configuration.yml.4.0.0-alpha.1.bak}. */
    static Path backupOf(Installation installation) {
        Path file = installation.configFile();
        return file.resolveSibling(file.getFileName() + "." + installation.from().withoutBuild() + ".bak");
    }

    @Override
    public boolean isDone(Installation installation) {
        return pending(installation, installation.configText()).isEmpty();
    }

    @Override
    public void apply(Installation installation, Progress progress) {
        Path file = installation.configFile();
        String text = installation.configText();
        List<ConfigMigration> todo = pending(installation, text);
        if (todo.isEmpty()) return;
        Path bak = backupOf(installation);
        try {
            keepOriginal(installation);
            String out = text;
            for (ConfigMigration m : todo) {
                out = m.apply(out);
                installation.log().line("configuration: " + m.description() + " (" + m.introducedIn() + ")");
            }
            AtomicFiles.write(file, out, AtomicFiles.Permissions.AS_REPLACED);
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot rewrite " + file + ": " + e.getMessage()
                    + ". Check that config/ is writable by the user running the upgrade; the original is " + bak + ".", e);
        }
        installation.reloadConfig();
        installation.config();      // the new file must load; a ConfigException names the line
    }

    /**
     * Keep the configuration file as it is now as {@code configuration.yml.<old release>.bak}, unless kept already. The
     * engine calls this before it switches maintenance on, so that the copy is the administrator's file.
     */
    static void keepOriginal(Installation installation) {
        Path file = installation.configFile();
        Path bak = backupOf(installation);
        if (Files.exists(bak)) return;
        try {
            AtomicFiles.copy(file, bak, AtomicFiles.Permissions.OWNER_ONLY);
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot keep a copy of " + file + " as " + bak + ": " + e.getMessage()
                    + ". Check that config/ is writable by the user running the upgrade.", e);
        }
        installation.log().line("configuration: original kept as " + bak);
    }

    @Override
    public List<String> plan(Installation installation) {
        List<ConfigMigration> todo = pending(installation, installation.configText());
        if (todo.isEmpty()) return List.of(installation.configFile() + ": no change needed");
        List<String> lines = new ArrayList<>();
        for (ConfigMigration m : todo) lines.add(installation.configFile().getFileName() + ": " + m.description() + " (" + m.introducedIn() + ")");
        lines.add("original kept as " + backupOf(installation));
        return lines;
    }

}
