/**
 * Files on the local disk, done once: replacing a file so that a reader sees the old or the new one, never half
 * ({@link org.athanor.files.AtomicFiles}), and the real location of a path that may not exist yet
 * ({@link org.athanor.files.RealPaths}).
 */
package org.athanor.files;
