/** The application box: users, rights per collection and databox, the registry of databoxes and collections, sessions. */
package org.athanor.appbox;
