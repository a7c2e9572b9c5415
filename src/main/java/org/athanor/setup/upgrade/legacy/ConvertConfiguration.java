package org.athanor.setup.upgrade.legacy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Progress;
import org.athanor.config.ConfigWriter;
import org.athanor.files.AtomicFiles;
import org.athanor.setup.upgrade.Installation;
import org.athanor.setup.upgrade.UpgradeStep;

/**
 * Step, the import's last: replace Phraseanet 3.8's {@code configuration.yml} by Athanor's (see
 * {@link Phraseanet38Config}), the original kept beside it as {@code configuration.yml.3.8.8.bak} (never overwritten by
 * a rerun). Last, so that an interrupted import is still recognized as a Phraseanet installation by its file.
 */
final class ConvertConfiguration implements UpgradeStep {
    @Override public String name() {
        return "legacy388-configuration";
    }

    static boolean isPhraseanet(Installation installation) {
        return installation.rawConfig().path("main").path("database").path("driver").asText("").startsWith("pdo_");
    }

    static Path backupOf(Installation installation) {
        Path file = installation.configFile();
        return file.resolveSibling(file.getFileName() + "." + installation.from().withoutBuild() + ".bak");
    }

    @Override public boolean isDone(Installation installation) {
        return !isPhraseanet(installation);
    }

    @Override public void apply(Installation installation, Progress progress) {
        if (!isPhraseanet(installation)) return;
        Path file = installation.configFile();
        Phraseanet38Config.Converted converted = Phraseanet38Config.convert(installation.rawConfig(), Phraseanet388Import.dataRoot(installation));
        Path bak = backupOf(installation);
        try {
            if (!Files.exists(bak)) AtomicFiles.copy(file, bak, AtomicFiles.Permissions.OWNER_ONLY);
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot keep the Phraseanet configuration as " + bak + ": " + e.getMessage()
                    + ". Check that config/ is writable by the user running the upgrade, then run it again.", e);
        }
        ConfigWriter.write(file, converted.yaml());
        installation.reloadConfig();
        installation.config();
        installation.log().line(name() + ": " + file + " is now Athanor's; Phraseanet's is kept as " + bak);
        converted.notes().forEach(n -> installation.log().line(name() + ": " + n));
    }

    @Override public List<String> plan(Installation installation) {
        return List.of(installation.configFile() + ": Phraseanet 3.8 configuration converted to Athanor's, original kept as "
                + backupOf(installation));
    }
}
