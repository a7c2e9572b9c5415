package org.athanor.appbox;

import org.athanor.ids.DataboxId;
import org.athanor.db.BoxConnection;

/** A databox as registered in the appbox: its id, name and where its database lives. */
public record RegisteredDatabox(DataboxId id, String name, BoxConnection connection, int ord) {}
