/**
 * Media: type detection, metadata reading and writing, technical data and subdefinition generation; start at
 * {@link org.athanor.media.MediaReader} (what a file is and says) and {@link org.athanor.media.SubdefGenerator} (its
 * thumbnails and previews). {@link org.athanor.media.SubdefService} and {@link org.athanor.media.MetadataWriter} apply
 * them to the records of a databox.
 */
package org.athanor.media;
