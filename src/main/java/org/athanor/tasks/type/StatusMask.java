package org.athanor.tasks.type;

import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;

/**
 * A status-bit mask as Phraseanet writes it: {@code 0}, {@code 1} or {@code x} per bit, bit 0 on the right
 * ({@code "x1xxxx"} = bit 4 on). {@code x} means "any" in a condition and "unchanged" in a change.
 *
 * @param care the bits the mask sets or tests
 * @param value their values
 */
public record StatusMask(long care, long value) {
    /** Parse a mask of up to 64 characters {@code 0}, {@code 1}, {@code x}. */
    public static StatusMask parse(String mask) {
        String m = mask == null ? "" : mask.strip();
        if (m.isEmpty() || m.length() > 64 || !m.matches("[01xX]+")) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "status mask '" + mask + "': use 0, 1 or x per bit, bit 0 on the right. "
                    + "Example: mask=\"x1xxxx\" (bit 4 on)");
        }
        long care = 0;
        long value = 0;
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(m.length() - 1 - i);
            if (c == 'x' || c == 'X') continue;
            care |= 1L << i;
            if (c == '1') value |= 1L << i;
        }
        return new StatusMask(care, value);
    }

    /** Return true when {@code status} has the mask's bits. */
    public boolean matches(long status) {
        return (status & care) == value;
    }

    /** Return {@code status} with the mask's bits set. */
    public long applyTo(long status) {
        return (status & ~care) | value;
    }
}
