/**
 * The picocli commands of {@code bin/console} and {@code bin/setup}: parse, call the services they are given, print,
 * return an exit code ({@link org.athanor.core.ErrorCode#exitCode()}, {@link org.athanor.cli.RecordsExit},
 * {@link org.athanor.cli.TaskManagerExit}). {@code CommandWiring} gives each command its services.
 */
package org.athanor.cli;
