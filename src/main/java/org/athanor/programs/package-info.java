/**
 * External programs (exiftool, ffmpeg, pg_dump, bzip2…): {@link org.athanor.programs.Programs} finds them,
 * {@link org.athanor.programs.ExternalProgram} runs one, and {@link org.athanor.programs.ProgramException} says what
 * went wrong, naming the program and, when it is missing, the Debian package to install.
 */
package org.athanor.programs;
