package org.athanor.appbox;

import org.athanor.ids.BaseId;
import org.athanor.ids.CollId;
import org.athanor.ids.DataboxId;

/** A collection as registered in the appbox: base_id mapped to its databox and coll_id. */
public record RegisteredCollection(BaseId baseId, DataboxId databox, CollId collId, boolean active, int ord) {}
