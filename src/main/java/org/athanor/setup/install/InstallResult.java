package org.athanor.setup.install;

import java.nio.file.Path;
import org.athanor.ids.BaseId;
import org.athanor.ids.DataboxId;

/** What system:install made. */
public record InstallResult(Path configFile, Path dataPath, String adminLogin, DataboxId databox, BaseId collection,
                            String serverName) {}
