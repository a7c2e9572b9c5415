/**
 * Data boxes: structure (fields, subdef specs, status bits), collections, records, captions, stories; one database each.
 *
 * <p>Start at {@link org.athanor.databox.Databoxes} (create, open) and {@link org.athanor.databox.Structure};
 * {@link org.athanor.databox.StructureXml} reads and writes Phraseanet's structure XML,
 * {@link org.athanor.databox.StructureTemplate} names the templates new databoxes start from, and
 * {@link org.athanor.databox.StructureRepository} keeps a structure in a databox database.
 */
package org.athanor.databox;
