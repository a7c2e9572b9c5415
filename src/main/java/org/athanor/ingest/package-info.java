/**
 * Adding documents: type detection, border checks, the lazaret (quarantine), record creation with caption and
 * technical data; start at {@link org.athanor.ingest.IngestService}.
 */
package org.athanor.ingest;
