package org.athanor.setup.upgrade;

import org.athanor.db.Box;

/**
 * One databox of the installation being upgraded, open.
 *
 * @param sbasId the databox id (Phraseanet's {@code sbas_id}, kept by the import)
 * @param name the databox's name (its database name)
 * @param box its open database
 */
public record InstalledDatabox(int sbasId, String name, Box box) {}
