/**
 * {@code config/configuration.yml}: its typed model ({@link org.athanor.config.AthanorConfig} and the records it
 * holds), loading with errors that point at the line ({@link org.athanor.config.ConfigLoader}), atomic writing and
 * in-place edits of one value ({@link org.athanor.config.ConfigWriter}), and the template install fills
 * ({@link org.athanor.config.ConfigTemplate}).
 */
package org.athanor.config;
