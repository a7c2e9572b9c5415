package org.athanor.databox;

import org.athanor.ids.BaseId;
import org.athanor.ids.CollId;
import org.athanor.ids.DataboxId;

/** A collection with what the CLI and the About page show of it. */
public record CollectionInfo(BaseId baseId, DataboxId databox, String databoxName, CollId collId, String name,
                             boolean active, long records) {}
