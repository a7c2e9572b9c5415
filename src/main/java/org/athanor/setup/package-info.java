/** Install, check, back up, restore and upgrade an installation, before it exists or while it cannot be opened; start at {@link org.athanor.setup.Setup}. */
package org.athanor.setup;
