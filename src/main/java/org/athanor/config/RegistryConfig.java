package org.athanor.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code registry}: settings an administrator edits from the admin pages.
 *
 * @param title {@code registry.general.title}: the installation's name shown in pages
 * @param maintenanceMessage {@code registry.maintenance.message}: shown on the maintenance page, may be empty
 * @param maintenanceRetryAfter {@code registry.maintenance.retry-after}: sent as {@code Retry-After} during maintenance
 */
public record RegistryConfig(String title, String maintenanceMessage, Duration maintenanceRetryAfter) {
    /** Title {@code Athanor}, no message, retry after two minutes. */
    public static final RegistryConfig DEFAULT = new RegistryConfig("Athanor", "", Duration.ofSeconds(120));

    public RegistryConfig {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(maintenanceMessage, "maintenanceMessage");
        if (maintenanceRetryAfter.isNegative()) {
            throw new ConfigException("registry.maintenance.retry-after: expected 0 or more seconds, found "
                    + maintenanceRetryAfter.toSeconds() + ". Example: retry-after: 120");
        }
    }
}
