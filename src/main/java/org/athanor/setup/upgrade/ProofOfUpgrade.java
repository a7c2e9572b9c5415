package org.athanor.setup.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Progress;
import org.athanor.config.AthanorConfig;
import org.athanor.db.Box;

/**
 * The {@link UpgradeProofHook} of {@code system:upgrade}: an {@link UpgradeProof} kept in {@code <data>/upgrade/proof-before}.
 *
 * <p>{@link #recordBefore} reuses a proof already kept there (a run after a crash compares with what the first run read
 * before any change). When the comparison finds nothing, the folder is renamed {@code proof-verified-<time>}, so that the
 * next upgrade takes a proof of its own; when it finds differences, the folder stays for the next run and the support.
 * A Phraseanet 3.8.8 installation is not read before: its tables, set aside unchanged by the import, are compared after
 * it with Athanor's ({@link PhraseanetImportPath#compareAfterImport}).
 */
public final class ProofOfUpgrade implements UpgradeProofHook {
    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final UpgradeProof.FileCheck fileCheck;
    private final PhraseanetImportPath phraseanet;
    private final java.time.Clock clock;

    /**
     * A hook checking files by {@code fileCheck} ({@link UpgradeProof.FileCheck#SIZE} reads no file's content), on the
     * system clock; {@code phraseanet} compares after a Phraseanet 3.8.8 import.
     */
    public ProofOfUpgrade(UpgradeProof.FileCheck fileCheck, PhraseanetImportPath phraseanet) {
        this(fileCheck, phraseanet, java.time.Clock.systemUTC());
    }

    /** A hook checking files by {@code fileCheck}, dating its proofs with {@code clock}; {@code phraseanet} compares after an import. */
    public ProofOfUpgrade(UpgradeProof.FileCheck fileCheck, PhraseanetImportPath phraseanet, java.time.Clock clock) {
        this.fileCheck = fileCheck;
        this.phraseanet = phraseanet;
        this.clock = clock;
    }

    @Override public void recordBefore(Installation installation) {
        if (installation.detected().isPhraseanet()) {
            installation.log().line("proof: nothing to take before a Phraseanet import: its tables are set aside unchanged and compared after it");
            return;
        }
        AthanorConfig config = installation.config();
        Path dir = UpgradeProof.defaultFolder(config);
        Optional<Proof> kept = UpgradeProof.find(dir);
        if (kept.isPresent()) {
            installation.log().line("proof: reusing the proof taken before the first change at " + kept.get().takenAt() + " (" + dir + ")");
            return;
        }
        Proof p = proof(config).record(installation.appbox(), databoxes(installation), dir, Progress.NONE);
        installation.log().line("proof: taken in " + dir + ": " + summary(p));
    }

    @Override public Outcome compareAfter(Installation installation) {
        if (installation.detected().isPhraseanet()) return phraseanet.compareAfterImport(installation);
        AthanorConfig config = installation.config();
        Path dir = UpgradeProof.defaultFolder(config);
        ProofComparison c = proof(config).verify(dir, installation.appbox(), databoxes(installation), Progress.NONE);
        java.util.List<String> lines = new java.util.ArrayList<>(c.differences().stream().map(ProofDifference::line).toList());
        if (c.total() > lines.size()) lines.add((c.total() - lines.size()) + " more difference(s) not named");
        if (c.identical()) archive(dir, c.before());
        return new Outcome(lines, c.report());
    }

    private UpgradeProof proof(AthanorConfig config) {
        return new UpgradeProof(config.main().storage().data(), config.main().storage().lazaretDir(), fileCheck, clock);
    }

    private static Map<Integer, Box> databoxes(Installation installation) {
        Map<Integer, Box> m = new TreeMap<>();
        installation.databoxes().forEach(d -> m.put(d.sbasId(), d.box()));
        return m;
    }

    private static String summary(Proof p) {
        return p.entries("records") + " records, " + p.entries("users") + " users, " + p.entries("tasks") + " tasks, "
                + p.entries("lazaret") + " lazaret entries, files checked by " + p.fileCheck();
    }

    private static void archive(Path dir, Proof before) {
        Path target = dir.resolveSibling("proof-verified-" + FOLDER_TIME.format(before.takenAt()));
        try {
            if (Files.exists(target)) return;
            Files.move(dir, target);
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "The upgrade proof is verified, but " + dir + " cannot be renamed to " + target
                    + ": " + e.getMessage() + ". Rename or delete it by hand before the next upgrade.", e);
        }
    }
}
