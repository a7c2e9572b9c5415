package org.athanor.setup.upgrade;

import java.util.List;

/**
 * The proof taken before an upgrade compared with the installation after it.
 *
 * @param before the proof taken before the first change
 * @param after the same reading of the installation now
 * @param differences the differences named, at most {@link UpgradeProof#MAX_NAMED} per part
 * @param total every difference found, named or not
 */
public record ProofComparison(Proof before, Proof after, List<ProofDifference> differences, long total) {
    public ProofComparison {
        differences = List.copyOf(differences);
    }

    /** Return whether the installation holds exactly what the proof recorded. */
    public boolean identical() {
        return total == 0;
    }

    /**
     * Return the comparison as lines for the upgrade log: per part the counts before and after, then every named
     * difference; control characters of stored values never reach it (entries are named by their keys).
     */
    public String report() {
        StringBuilder b = new StringBuilder();
        b.append(identical() ? "Upgrade proof: every part is identical before and after the upgrade."
                : "Upgrade proof: " + total + " difference(s) between before and after the upgrade.").append('\n');
        for (Proof.Part p : before.parts()) {
            Proof.Part a = after.parts().stream().filter(x -> java.util.Objects.equals(x.sbasId(), p.sbasId()) && x.name().equals(p.name()))
                    .findFirst().orElse(null);
            b.append("  ").append(p.box()).append(' ').append(p.name()).append(": ").append(p.entries()).append(" before, ")
                    .append(a == null ? "absent" : a.entries()).append(" after");
            if (a != null && p.sha256().equals(a.sha256())) b.append(", checksum equal");
            else b.append(", checksum differs");
            b.append('\n');
        }
        for (ProofDifference d : differences) b.append("  - ").append(d.line()).append('\n');
        if (total > differences.size()) b.append("  … and ").append(total - differences.size()).append(" more not named\n");
        return b.toString().stripTrailing();
    }
}
