/** The picocli commands of {@code bin/console} and {@code bin/setup}: parse, call one service, print, return an exit code. */
package org.athanor.cli;
