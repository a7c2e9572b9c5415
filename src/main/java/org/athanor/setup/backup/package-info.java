/** Backs up every box of an installation into a verified set and restores it; start at {@link org.athanor.setup.backup.BackupService} and {@link org.athanor.setup.backup.RestoreService}. */
package org.athanor.setup.backup;
