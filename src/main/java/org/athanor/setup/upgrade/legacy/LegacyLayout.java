package org.athanor.setup.upgrade.legacy;

import java.nio.file.Path;
import java.util.Optional;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.db.Box;
import org.athanor.xml.SafeXml;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Where a Phraseanet 3.8.8 databox keeps its documents: the {@code <path>} of its structure XML ({@code pref} row
 * {@code structure}), {@code <data root>/<dbname>/documents} in the layout Phraseanet's setup makes. The data root
 * becomes Athanor's {@code main.storage.data}, and subdef paths under it become relative, as Athanor stores them.
 */
final class LegacyLayout {
    private LegacyLayout() {}

    /** Return the structure XML of a Phraseanet databox, from {@code pref} (set aside or not). */
    static String structureXml(Box databox) {
        String pref = LegacyTables.tablesOf(databox).contains("pref") ? "`pref`" : LegacyTables.legacy("pref");
        return databox.jdbi().withHandle(h -> h.createQuery("SELECT value FROM " + pref + " WHERE prop = 'structure' ORDER BY id")
                .mapTo(String.class).findFirst()).orElseThrow(() -> new AthanorException(ErrorCode.UPGRADE_FAILED,
                "The Phraseanet databox " + databox.describe() + " has no structure (pref row 'structure'): open it in Phraseanet 3.8.8's "
                        + "admin, save its structure once, then run bin/setup system:upgrade again."));
    }

    /** Return the documents folder of a databox, the {@code <record><path>} of its structure. */
    static Path documentsPath(Box databox) {
        Element root = parse(structureXml(databox), databox.describe()).getDocumentElement();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("path") && !e.getTextContent().isBlank()) {
                return Path.of(e.getTextContent().strip()).normalize();
            }
        }
        throw new AthanorException(ErrorCode.UPGRADE_FAILED, "The structure of the Phraseanet databox " + databox.describe()
                + " has no <path> for its documents: set it in Phraseanet 3.8.8's admin, then run bin/setup system:upgrade again.");
    }

    /**
     * Return the data root of a databox: the folder above {@code <dbname>/documents} when its documents folder follows
     * Phraseanet's layout, else the documents folder's parent.
     */
    static Path dataRoot(Box databox, String dbname) {
        Path documents = documentsPath(databox);
        if (documents.getFileName() != null && documents.getFileName().toString().equals("documents")
                && documents.getParent() != null && documents.getParent().getParent() != null) {
            return documents.getParent().getParent();
        }
        return Optional.ofNullable(documents.getParent()).orElse(documents);
    }

    static org.w3c.dom.Document parse(String xml, String where) {
        try {
            return SafeXml.parse(xml.strip());
        } catch (Exception e) {
            throw new AthanorException(ErrorCode.UPGRADE_FAILED, "The structure XML of " + where + " cannot be read: " + e.getMessage()
                    + ". Fix it in Phraseanet 3.8.8's admin (Structure, XML view), then run bin/setup system:upgrade again.", e);
        }
    }
}
