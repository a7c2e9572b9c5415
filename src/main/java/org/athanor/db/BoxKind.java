package org.athanor.db;

/** The two kinds of database Athanor keeps: one application box, and one data box per databox. */
public enum BoxKind {
    /** The application box: users, rights, sessions, databox registry, tasks, jobs. */
    APPBOX("appbox"),
    /** A data box: structure, collections, records, captions, stories, logs. */
    DATABOX("databox");

    private final String folder;

    BoxKind(String folder) {
        this.folder = folder;
    }

    /** Return the folder name of this kind's migrations under {@code db/} and its name in messages. */
    public String folder() {
        return folder;
    }
}
