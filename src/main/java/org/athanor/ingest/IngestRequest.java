package org.athanor.ingest;

import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.ids.BaseId;

/**
 * How documents are added.
 *
 * @param collection where the records go
 * @param status     status bits set on the records (bits 0..3 are Phraseanet's own and are refused)
 * @param subdefs    whether the records are marked "subdefs to make" ({@code records:add --nosubdefs} says no)
 * @param force      what to do whatever the border checks say
 * @param userId     who adds them, for the log; null for the console
 */
public record IngestRequest(BaseId collection, long status, boolean subdefs, Force force, Long userId) {
    /** {@code --force}: skip the checks and make a record, or send to the lazaret unconditionally. */
    public enum Force { NONE, RECORD, LAZARET }

    public IngestRequest {
        if (collection == null) throw new AthanorException(ErrorCode.BAD_ARGUMENT, "a collection (base_id) is required");
        if ((status & 0xF) != 0) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "status bits 0 to 3 are reserved by Phraseanet; found status "
                    + Long.toBinaryString(status) + ". Set bits 4 and above, e.g. --status 10000 for bit 4");
        }
        if (force == null) force = Force.NONE;
    }

    /** Parse a status given as binary digits, bit 0 rightmost ({@code 110000} = bits 4 and 5), or {@code 0b…}. */
    public static long parseStatus(String bits) {
        if (bits == null || bits.isBlank()) return 0;
        String b = bits.strip().replaceFirst("^0[bB]", "");
        if (!b.matches("[01]{1,64}")) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "status '" + bits + "' is not binary digits; e.g. 10000 sets bit 4");
        }
        return Long.parseUnsignedLong(b, 2);
    }
}
