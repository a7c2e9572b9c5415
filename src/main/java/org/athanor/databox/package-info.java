/**
 * Databox structure: metadata fields, subdefinition specs per type group and status bits; start at {@link org.athanor.databox.Structure}.
 *
 * <p>{@link org.athanor.databox.StructureXml} reads and writes Phraseanet's structure XML,
 * {@link org.athanor.databox.StructureTemplate} names the templates new databoxes start from, and
 * {@link org.athanor.databox.StructureRepository} keeps a structure in a databox database.
 */
package org.athanor.databox;
