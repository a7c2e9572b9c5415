package org.athanor.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.appbox.RegisteredDatabox;
import org.athanor.appbox.Registry;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;
import org.athanor.databox.RecordStore;
import picocli.CommandLine.Option;

/** The records a records:* command works on: {@code --databox} (default all) and {@code --record} ids; a picocli mixin. */
final class RecordSelection {
    @Option(names = "--databox", paramLabel = "ID", description = "Only this databox (default: all).") Integer databox;
    @Option(names = "--record", paramLabel = "ID", split = ",", description = "Only these records (needs --databox when there are several databoxes).") List<Long> records;

    /** Where a selection is read: the databox registry, and the record rows of each databox. */
    record Source(Registry registry, Function<DataboxId, RecordStore> recordStore) {}

    /** Return true when {@code --record} named records. */
    boolean namesRecords() {
        return records != null && !records.isEmpty();
    }

    /**
     * Return the (databox, record) pairs to work on: the {@code --record} ids, else what {@code defaultRecords} picks in
     * each databox asked for.
     */
    List<Map.Entry<DataboxId, RecordId>> resolve(Source source, Function<RecordStore, List<RecordId>> defaultRecords) {
        List<DataboxId> boxes = databoxes(source);
        List<Map.Entry<DataboxId, RecordId>> out = new ArrayList<>();
        if (namesRecords()) {
            if (boxes.size() != 1)
                throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--record needs --databox: there are " + boxes.size() + " databoxes");
            for (long r : records) out.add(Map.entry(boxes.get(0), new RecordId(r)));
            return out;
        }
        for (DataboxId d : boxes) {
            for (RecordId r : defaultRecords.apply(source.recordStore().apply(d))) out.add(Map.entry(d, r));
        }
        return out;
    }

    /** Return the databoxes asked for, checked to exist. */
    List<DataboxId> databoxes(Source source) {
        if (databox != null) {
            source.registry().databox(new DataboxId(databox));
            return List.of(new DataboxId(databox));
        }
        return source.registry().databoxes().stream().map(RegisteredDatabox::id).toList();
    }
}
