package org.athanor.web;

import java.util.List;

/** What the About page shows: version, databoxes with their collections and record counts. */
public record AboutPage(String version, String codename, String title, List<Databox> databoxes) {
    /** One databox on the About page. */
    public record Databox(int sbasId, String name, long records, List<Collection> collections) {}

    /** One collection on the About page. */
    public record Collection(int baseId, String name, long records) {}
}
