/** Installs Athanor: configuration, appbox, first databox and collection, admin user, default tasks; start at {@link InstallService}. */
package org.athanor.setup.install;
