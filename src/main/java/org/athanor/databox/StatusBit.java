package org.athanor.databox;

import java.util.Map;

/**
 * One status bit of a databox ({@code <bit>} in Phraseanet's structure XML); bits 0 to 3 are reserved by Phraseanet.
 *
 * @param bit        bit number, 4..31
 * @param labelOn    name shown when the bit is set
 * @param labelOff   name shown when the bit is not set; may be empty
 * @param labels     name shown when the bit is set, per interface language (en, fr, de, nl)
 * @param searchable whether users may search on the bit
 * @param printable  whether the bit is printed with the record
 */
public record StatusBit(int bit, String labelOn, String labelOff, Map<String, String> labels, boolean searchable,
        boolean printable) {

    public StatusBit {
        if (bit < 4 || bit > 31) {
            throw new StructureException("status bit " + bit + " is outside 4..31; bits 0 to 3 are reserved by Phraseanet");
        }
        labelOn = labelOn == null ? "" : labelOn.strip();
        labelOff = labelOff == null ? "" : labelOff.strip();
        if (labelOn.length() > 255 || labelOff.length() > 255) {
            throw new StructureException("status bit " + bit + ": labels are limited to 255 characters");
        }
        labels = Labels.check(labels, "status bit " + bit);
    }
}
