package org.athanor.setup.upgrade;

import java.util.List;
import java.util.stream.Collectors;
import org.athanor.core.ReleaseVersion;
import org.athanor.db.BoxKind;

/**
 * What {@code system:upgrade} found installed: Athanor at a release identified by its boxes' schema history and version
 * records, or Phraseanet at the version its {@code sitepreff} row records.
 *
 * @param product Athanor or Phraseanet
 * @param release the release of the installation as a whole (the appbox's); for Athanor the release that last wrote it
 * @param evidence how the release was identified, for messages (e.g. {@code "appbox schema 3, databox schema 1"})
 * @param boxes every box found, appbox first
 */
public record DetectedInstallation(Product product, ReleaseVersion release, String evidence, List<BoxVersion> boxes) {
    /** Which program made the installation. */
    public enum Product {
        ATHANOR("Athanor"), PHRASEANET("Phraseanet");

        private final String label;

        Product(String label) {
            this.label = label;
        }

        /** Return the product's name in messages. */
        public String label() {
            return label;
        }
    }

    /**
     * One box as found.
     *
     * @param kind appbox or databox
     * @param name the box's name ({@code appbox}, or the databox's name)
     * @param sbasId the databox id, 0 for the appbox
     * @param schemaVersion Athanor's schema version ({@code "3"}), or {@code "0"} for a box without Athanor schema
     *     (Phraseanet's)
     * @param release the release that last wrote the box, as recorded or deduced
     * @param evidence how {@code release} was found
     */
    public record BoxVersion(BoxKind kind, String name, int sbasId, String schemaVersion, ReleaseVersion release, String evidence) {
        /** Return e.g. {@code databox 'db_photos' (sbas_id 1): 4.0.0-alpha.2, schema 1}. */
        public String describe() {
            String who = kind == BoxKind.APPBOX ? "appbox" : "databox '" + name + "' (sbas_id " + sbasId + ")";
            return who + ": " + release + " (" + evidence + ")";
        }
    }

    public DetectedInstallation {
        if (product == null || release == null) throw new IllegalArgumentException("product and release are required");
        boxes = List.copyOf(boxes);
    }

    /** Return whether this is a Phraseanet installation (to be imported, not migrated). */
    public boolean isPhraseanet() {
        return product == Product.PHRASEANET;
    }

    /** Return e.g. {@code Athanor 4.0.0-alpha.2 (appbox schema 3, databox schema 1)}. */
    public String describe() {
        return product.label() + " " + release + " (" + evidence + ")";
    }

    /** Return the databoxes found, in sbas_id order. */
    public List<BoxVersion> databoxes() {
        return boxes.stream().filter(b -> b.kind() == BoxKind.DATABOX).collect(Collectors.toList());
    }
}
