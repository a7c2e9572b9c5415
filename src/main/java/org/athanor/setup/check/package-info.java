/** Checks the machine ({@link org.athanor.setup.check.SystemCheck}) and the installation ({@link org.athanor.setup.check.ConfigCheck}), line by line with the step to take. */
package org.athanor.setup.check;
