package org.athanor.web;

import java.util.List;
import java.util.function.ToLongFunction;
import org.athanor.databox.CollectionInfo;
import org.athanor.databox.Collections;
import org.athanor.ids.DataboxId;
import org.athanor.databox.Databoxes;

/** The databoxes with their record counts and collections, as the about page and the admin dashboard list them. */
final class DataboxSummaries {
    private final Databoxes databoxes;
    private final Collections collections;
    private final ToLongFunction<DataboxId> recordCount;

    DataboxSummaries(Databoxes databoxes, Collections collections, ToLongFunction<DataboxId> recordCount) {
        this.databoxes = databoxes;
        this.collections = collections;
        this.recordCount = recordCount;
    }

    /** Every databox, in registry order, with its collections. */
    List<AboutPage.Databox> list() {
        List<CollectionInfo> all = collections.list();
        return databoxes.list().stream()
                .map(d -> new AboutPage.Databox(d.id().value(), d.name(), recordCount.applyAsLong(d.id()),
                        all.stream().filter(c -> c.databox().equals(d.id()))
                                .map(c -> new AboutPage.Collection(c.baseId().value(), c.name(), c.records())).toList()))
                .toList();
    }
}
