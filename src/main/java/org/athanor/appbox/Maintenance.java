package org.athanor.appbox;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.athanor.config.ConfigWriter;
import org.athanor.config.RegistryConfig;

/**
 * Switches maintenance mode: writes {@code main.maintenance} (and {@code registry.maintenance.message}) into
 * configuration.yml, atomically and keeping the rest of the file, then records the action in the {@link AdminLog}
 * ({@code maintenance.on} / {@code maintenance.off}). The admin console and {@code bin/console system:maintenance} both
 * switch it here.
 *
 * <p>Running servers see the change within 2 seconds (they watch the file); {@code afterChange} lets the process that
 * made the change see it at once.
 */
public final class Maintenance {
    private final Path configFile;
    private final AdminLog log;
    private final Runnable afterChange;

    /**
     * @param log where the switch is recorded; null when the appbox cannot be opened (an installation that awaits its
     *            upgrade, a database that does not answer): maintenance must still be switchable then, unrecorded
     */
    public Maintenance(Path configFile, AdminLog log, Runnable afterChange) {
        this.configFile = configFile;
        this.log = log;
        this.afterChange = afterChange;
    }

    /** Maintenance of {@code configFile} switched without an admin log: see {@link #records()}. */
    public static Maintenance unrecorded(Path configFile) {
        return new Maintenance(configFile, null, () -> { });
    }

    /** Return whether switches are recorded in the admin log. */
    public boolean records() {
        return log != null;
    }

    /**
     * Switch maintenance on or off, with {@code message} as the maintenance page's text (null: keep the current one),
     * and record it as done by {@code actor} from {@code ip} (null from the CLI).
     *
     * @throws org.athanor.core.AthanorException BAD_ARGUMENT when the message holds characters a page may not show, before any change
     */
    public void set(boolean on, String message, String actor, String ip) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("main.maintenance", on);
        if (message != null) values.put("registry.maintenance.message", RegistryConfig.checkMaintenanceMessage(message));
        ConfigWriter.setValues(configFile, values);
        afterChange.run();
        if (log != null) log.record(actor, on ? "maintenance.on" : "maintenance.off", message == null ? "" : message, ip);
    }
}
