/**
 * Data sources per box, the few differences between H2, PostgreSQL and MariaDB, and the Flyway runner per box.
 *
 * <p>A box is one database: the appbox, or one databox. {@link org.athanor.db.BoxConnection} says where it lives,
 * {@link org.athanor.db.DatabaseServer} creates or drops it, {@link org.athanor.db.Box} opens a pool and a Jdbi on
 * it, and {@link org.athanor.db.SchemaMigrator} brings its schema to the version this program ships.
 */
package org.athanor.db;
