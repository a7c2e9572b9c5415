/**
 * The ids of Phraseanet's model that the appbox and the databoxes share ({@code sbas_id}, {@code base_id},
 * {@code coll_id}, {@code record_id}), in a package of their own so that both depend on them without a cycle.
 */
package org.athanor.ids;
