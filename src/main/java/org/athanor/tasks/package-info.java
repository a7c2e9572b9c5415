/** Tasks of the task manager (rows in the appbox), the scheduler that runs them, and the job queue. */
package org.athanor.tasks;
