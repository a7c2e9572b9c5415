package org.athanor.setup.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.files.AtomicFiles;

/**
 * Puts {@code configuration.yml} back as the set holds it, byte for byte: an upgrade may have migrated the file, and a
 * rollback must undo that too. The file replaced is kept beside it as {@code configuration.yml.before-restore-<time>}.
 */
final class ConfigRestore {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private ConfigRestore() {}

    /**
     * Write the set's copy over {@code configFile} when they differ.
     *
     * @return the copy of the file replaced; empty when the file already was the set's (or the set holds none)
     * @throws AthanorException IO when the file cannot be written, saying the boxes are restored already
     */
    static Optional<Path> restore(BackupSet set, Path configFile, Clock clock) {
        Path copy = set.dir().resolve(BackupSet.CONFIG_COPY);
        if (!Files.isRegularFile(copy)) return Optional.empty();
        Path saved = null;
        try {
            byte[] wanted = Files.readAllBytes(copy);
            if (Files.isRegularFile(configFile) && Arrays.equals(Files.readAllBytes(configFile), wanted)) return Optional.empty();
            if (Files.isRegularFile(configFile)) {
                saved = configFile.resolveSibling(configFile.getFileName() + ".before-restore-" + TIME.format(clock.instant().atZone(ZoneId.systemDefault())));
                Files.copy(configFile, saved, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
            }
            AtomicFiles.write(configFile, wanted, AtomicFiles.Permissions.AS_REPLACED);
            return Optional.ofNullable(saved);
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Every box is restored, but " + configFile + " cannot be put back from " + copy
                    + ": " + e + ". Copy " + copy + " over " + configFile + " by hand" + (saved == null ? "" : " (the file replaced is kept as " + saved + ")") + ".", e);
        }
    }
}
