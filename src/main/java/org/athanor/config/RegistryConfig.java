package org.athanor.config;

import java.time.Duration;
import java.util.Objects;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;

/**
 * {@code registry}: settings an administrator edits from the admin pages.
 *
 * @param title {@code registry.general.title}: the installation's name shown in pages
 * @param maintenanceMessage {@code registry.maintenance.message}: shown on the maintenance page, may be empty
 * @param maintenanceRetryAfter {@code registry.maintenance.retry-after}: sent as {@code Retry-After} during maintenance
 */
public record RegistryConfig(String title, String maintenanceMessage, Duration maintenanceRetryAfter) {
    /** The longest maintenance message, in characters. */
    public static final int MAINTENANCE_MESSAGE_MAX = 1000;

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

    /**
     * Return {@code message} when it can be a maintenance message: at most {@link #MAINTENANCE_MESSAGE_MAX} characters,
     * no control character (it is one line of a page, a log and a terminal) and no Unicode noncharacter or lone
     * surrogate (YAML cannot hold them: configuration.yml would no longer load).
     *
     * @throws AthanorException with {@link ErrorCode#BAD_ARGUMENT} naming the first bad character and where it is
     */
    public static String checkMaintenanceMessage(String message) {
        if (message.length() > MAINTENANCE_MESSAGE_MAX)
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "The message is " + message.length() + " characters long: keep it to "
                    + MAINTENANCE_MESSAGE_MAX + " at most.");
        for (int i = 0; i < message.length(); ) {
            int c = message.codePointAt(i);
            boolean bad = Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE
                    || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
            if (bad)
                throw new AthanorException(ErrorCode.BAD_ARGUMENT, String.format("The message contains U+%04X at character %d, which cannot "
                        + "be shown: remove it (control characters and Unicode noncharacters are refused).", c, message.codePointCount(0, i) + 1));
            i += Character.charCount(c);
        }
        return message;
    }
}
