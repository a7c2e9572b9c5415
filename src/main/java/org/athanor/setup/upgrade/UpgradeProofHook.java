package org.athanor.setup.upgrade;

import java.util.List;

/**
 * The upgrade proves itself: before the first change it records, per box, counts and checksums of what must survive;
 * after the last step it recomputes them through the new schema and compares. Any difference fails the upgrade.
 *
 * <p>{@code UpgradeProof} (upgrade-proof) implements this; {@link #NONE} records and finds nothing.
 */
public interface UpgradeProofHook {
    /** A hook that records nothing and finds no difference; for tests of the engine alone. */
    UpgradeProofHook NONE = new UpgradeProofHook() {
        @Override public void recordBefore(Installation installation) {}
        @Override public Outcome compareAfter(Installation installation) { return new Outcome(List.of(), "no proof configured"); }
    };

    /**
     * What the comparison found.
     *
     * @param differences one line per difference, naming the box and the records concerned; empty when all is equal
     * @param report the comparison, written to the upgrade log either way
     */
    record Outcome(List<String> differences, String report) {
        public Outcome {
            differences = List.copyOf(differences);
        }

        /** Return whether nothing differs. */
        public boolean equal() {
            return differences.isEmpty();
        }
    }

    /**
     * Record what must survive, before the first change; durable (a rerun after a crash compares against the first
     * record, so when one is already kept this does nothing).
     */
    void recordBefore(Installation installation);

    /** Recompute after the last step through the new schema and compare with what {@link #recordBefore} kept. */
    Outcome compareAfter(Installation installation);
}
