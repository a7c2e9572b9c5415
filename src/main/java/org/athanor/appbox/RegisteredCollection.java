package org.athanor.appbox;

import org.athanor.databox.BaseId;
import org.athanor.databox.CollId;
import org.athanor.databox.DataboxId;

/** A collection as registered in the appbox: base_id mapped to its databox and coll_id. */
public record RegisteredCollection(BaseId baseId, DataboxId databox, CollId collId, boolean active, int ord) {}
