/** The task types: Subdefs, WriteMetadata, Archive, RecordMover, EmptyCollection and Null; {@link org.athanor.tasks.Scheduler} runs them. */
package org.athanor.tasks.type;
