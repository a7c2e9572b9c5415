package org.athanor.web;

import java.util.List;

/**
 * What the About page shows: name and version to everybody; databoxes with their collections and record counts to
 * signed-in users only ({@code databoxes} is then empty for anonymous visitors).
 */
public record AboutPage(String version, String codename, String title, boolean signedIn, List<Databox> databoxes) {
    /** One databox on the About page. */
    public record Databox(int sbasId, String name, long records, List<Collection> collections) {}

    /** One collection on the About page. */
    public record Collection(int baseId, String name, long records) {}
}
