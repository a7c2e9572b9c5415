/**
 * The import of a Phraseanet 3.8.8 installation into Athanor, in place: its configuration, then its tables transformed
 * into Athanor's schema in the same databases (Phraseanet's kept, renamed); start at {@link Phraseanet388Import}, the
 * {@link org.athanor.setup.upgrade.PhraseanetImportPath} of the upgrade engine.
 */
package org.athanor.setup.upgrade.legacy;
