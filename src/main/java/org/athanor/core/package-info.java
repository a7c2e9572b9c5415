/**
 * What every package may use: {@link org.athanor.core.AthanorException} with its {@link org.athanor.core.ErrorCode}
 * (the one table of HTTP statuses and exit codes), {@link org.athanor.core.Progress}, the release numbers
 * ({@link org.athanor.core.Version}, {@link org.athanor.core.ReleaseVersion}) and {@link org.athanor.core.Text}.
 * It depends on no other Athanor package, so it is in no package cycle.
 */
package org.athanor.core;
