package org.athanor.ingest;

import java.nio.file.Path;
import java.util.List;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;

/** What happened to one file given to {@link IngestService}. */
public sealed interface IngestOutcome {
    /** The file as given. */
    Path file();

    /** Return one line for a summary, e.g. {@code added  photo.jpg -> record 1/12}. */
    String line();

    /** A record was made. */
    record Added(Path file, DataboxId databox, RecordId record) implements IngestOutcome {
        @Override public String line() {
            return "added        " + file + " -> record " + databox + "/" + record;
        }
    }

    /** The file failed border checks (or was forced there) and waits in the lazaret. */
    record Quarantined(Path file, long lazaretId, List<String> reasons) implements IngestOutcome {
        @Override public String line() {
            return "quarantined  " + file + " -> lazaret " + lazaretId + ": " + String.join("; ", reasons);
        }
    }

    /** The file could not be added at all; nothing was kept. */
    record Failed(Path file, String reason) implements IngestOutcome {
        @Override public String line() {
            return "failed       " + file + ": " + reason;
        }
    }
}
