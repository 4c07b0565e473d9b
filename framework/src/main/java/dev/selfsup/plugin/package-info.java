/**
 * The plugin runtime: PF4J loading of plugin jars and classpath plugins, Guice-created extensions, and
 * the name registry recipes resolve against.
 */
package dev.selfsup.plugin;
