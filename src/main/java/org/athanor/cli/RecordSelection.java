package org.athanor.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.athanor.Athanor;
import org.athanor.AthanorException;
import org.athanor.ErrorCode;
import org.athanor.appbox.RegisteredDatabox;
import org.athanor.databox.DataboxId;
import org.athanor.databox.RecordId;

/** The records a records:* command works on: {@code --databox} (default all) and {@code --record} ids. */
final class RecordSelection {
    private RecordSelection() {}

    /** Return the databoxes asked for, checked to exist. */
    static List<DataboxId> databoxes(Athanor athanor, Integer databox) {
        if (databox != null) {
            athanor.registry().databox(new DataboxId(databox));
            return List.of(new DataboxId(databox));
        }
        return athanor.registry().databoxes().stream().map(RegisteredDatabox::id).toList();
    }

    /** Return {@code --record} ids as (databox, record) pairs; they need one databox. */
    static List<Map.Entry<DataboxId, RecordId>> records(Athanor athanor, Integer databox, List<Long> records) {
        List<DataboxId> boxes = databoxes(athanor, databox);
        if (boxes.size() != 1) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--record needs --databox: there are " + boxes.size() + " databoxes");
        }
        List<Map.Entry<DataboxId, RecordId>> out = new ArrayList<>();
        for (long r : records) out.add(Map.entry(boxes.get(0), new RecordId(r)));
        return out;
    }
}
