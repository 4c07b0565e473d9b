/** Fault injection at named points of the framework, for the reliability suite and for drills on a real machine. */
package dev.selfsup.fault;
