/**
 * The public contract of selfsup: the extension points plugins implement and the types they exchange.
 *
 * <p>Plugins compile against this package (and the reusable blocks in {@code dev.selfsup.nn} and
 * {@code dev.selfsup.data}) only. Every extension point is a PF4J {@link org.pf4j.ExtensionPoint}
 * identified by a unique {@link dev.selfsup.api.NamedExtension#name() name} that recipes refer to.
 * Extensions are created through Guice, so their constructors may {@code @Inject} framework services
 * such as {@link dev.selfsup.api.DataStore}. Extensions are long-lived and shared between runs: per-run
 * state belongs in the objects they create, never in fields of the extension itself.
 */
package dev.selfsup.api;
