package org.athanor.setup.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Progress;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigWriter;
import org.athanor.config.DatabaseDriver;
import org.athanor.db.Box;
import org.athanor.db.EmbeddedDatabaseSecurity;
import org.athanor.db.Engine;

/**
 * Step: make the embedded H2 databases private to the account that runs Athanor — the data and db folders 0700,
 * every db file 0600, and an H2 password for installations made without one (releases before 4.0.0).
 *
 * <p>Runs first, on the boxes the upgrade holds open: the marker {@link EmbeddedDatabaseSecurity#PENDING_MARKER} is
 * written, then the new password into configuration.yml, then {@code ALTER USER} on each H2 box (the pools use the new
 * password from then on), then the marker is removed. A run killed in between leaves the marker:
 * {@link UpgradeService} then lets {@link EmbeddedDatabaseSecurity#secure} finish the change before it opens the boxes
 * again, so the rerun finds a password everywhere.
 */
final class SecureEmbeddedDatabase implements UpgradeStep {
    @Override
    public String name() {
        return "embedded-database";
    }

    @Override
    public boolean isDone(Installation installation) {
        AthanorConfig config = installation.config();
        if (config.main().database().driver() != DatabaseDriver.H2) return true;
        return !config.main().database().password().isEmpty()
                && !Files.exists(marker(config))
                && EmbeddedDatabaseSecurity.exposed(config).isEmpty();
    }

    @Override
    public List<String> plan(Installation installation) {
        AthanorConfig config = installation.config();
        if (config.main().database().driver() != DatabaseDriver.H2) return List.of("nothing: the boxes are not H2 databases");
        List<String> out = new ArrayList<>();
        if (config.main().database().password().isEmpty()) out.add("give the H2 databases a random password (main.database.password)");
        if (!EmbeddedDatabaseSecurity.exposed(config).isEmpty()) out.add("make the data and db folders 0700 and the db files 0600");
        return out;
    }

    @Override
    public void apply(Installation installation, Progress progress) {
        AthanorConfig config = installation.config();
        if (config.main().database().driver() != DatabaseDriver.H2) return;
        try {
            EmbeddedDatabaseSecurity.createPrivateFolder(config.main().storage().data());
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot make the data folder " + config.main().storage().data() + " private (mode 0700): "
                    + e.getMessage() + ". Run: chmod 700 " + config.main().storage().data(), e);
        }
        List<Box> h2 = new ArrayList<>();
        if (installation.appbox().engine() == Engine.H2) h2.add(installation.appbox());
        for (InstalledDatabox d : installation.databoxes()) if (d.box().engine() == Engine.H2) h2.add(d.box());
        if (config.main().database().password().isEmpty()) {
            String password = EmbeddedDatabaseSecurity.newPassword();
            Path marker = marker(config);
            try {
                Files.write(marker, new byte[0], StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                ConfigWriter.setValue(installation.configFile(), EmbeddedDatabaseSecurity.PASSWORD_KEY, password);
                installation.pausePoint(name() + "#password-written");
                for (Box box : h2) box.changeH2Password(password);
                Files.deleteIfExists(marker);
            } catch (IOException e) {
                throw new AthanorException(ErrorCode.IO, "Cannot give the H2 databases their password: " + e.getMessage()
                        + ". Check that " + marker.getParent() + " and config/ are writable, then run bin/setup system:upgrade again.", e);
            }
            installation.log().line(name() + ": the H2 databases now require the password written into " + installation.configFile()
                    + " (" + EmbeddedDatabaseSecurity.PASSWORD_KEY + ")");
            installation.reloadConfig();
        }
        for (Box box : h2) EmbeddedDatabaseSecurity.restrictBox(box.connection());
    }

    private static Path marker(AthanorConfig config) {
        return Path.of(config.main().database().path()).toAbsolutePath().getParent().resolve(EmbeddedDatabaseSecurity.PENDING_MARKER);
    }
}
