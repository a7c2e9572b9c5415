package org.athanor.setup.upgrade;

/**
 * One thing the upgrade did not keep: in a box, an entry (a record, a user…) that is missing, new, or whose content
 * differs in one aspect.
 *
 * @param box {@code databox 'db_photos' (sbas_id 1)} or {@code appbox 'appbox'}
 * @param sbasId the databox's id; {@code null} for the appbox
 * @param part e.g. {@code records}
 * @param keyName e.g. {@code record_id}; {@code null} for a difference of the whole part
 * @param key the entry's key; {@code null} for a difference of the whole part
 * @param what e.g. {@code caption values differ (2 rows now)}, {@code missing after the upgrade}
 */
public record ProofDifference(String box, Integer sbasId, String part, String keyName, Long key, String what) {
    /** Return one line for the console and the upgrade log, e.g. {@code databox 'db' (sbas_id 1) record_id 12: caption values differ}. */
    public String line() {
        return box + (key == null ? " " + part : " " + keyName + " " + key) + ": " + what;
    }

    @Override public String toString() {
        return line();
    }
}
