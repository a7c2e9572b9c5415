/**
 * Data boxes: structure (fields, subdef specs, status bits), collections, records, captions, stories; one database each.
 *
 * <p>Start at {@link org.athanor.databox.Databoxes} (create, open) and {@link org.athanor.databox.Structure};
 * {@link org.athanor.databox.StructureXml} reads and writes Phraseanet's structure XML,
 * {@link org.athanor.databox.StructureTemplate} names the templates new databoxes start from, and
 * {@link org.athanor.databox.StructureRepository} keeps a structure in a databox database.
 *
 * <p><b>Records: one write path, one reader.</b> {@link org.athanor.databox.Records} makes every write to records,
 * captions, status bits, collections of records, stories, file rows, technical data and the record log; no other
 * package writes those tables (the upgrade of a Phraseanet installation excepted). {@link org.athanor.databox.RecordStore}
 * is their one reader. Files of records are reached only through {@link org.athanor.databox.RecordFiles}, which the
 * document storage implements.
 *
 * <p><b>Record changed events.</b> Each transaction of {@code Records} writes one row per record it created, edited,
 * re-statused, moved, deleted or (a story) re-membered into the databox's outbox table {@code record_changes}, in the
 * same transaction; the row lists the {@link org.athanor.databox.RecordChange}s. {@code org.athanor.tasks.RecordChangeRelay}
 * turns the rows into {@code record-changed} jobs of the appbox queue.
 */
package org.athanor.databox;
