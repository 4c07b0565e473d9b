/** The {@code selfsup} command line. */
package dev.selfsup.cli;
