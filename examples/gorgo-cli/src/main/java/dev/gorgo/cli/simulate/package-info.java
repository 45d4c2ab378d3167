/** {@code gorgo simulate}: the trace-driven cluster simulator (gorgo-sim) from the command line. */
package dev.gorgo.cli.simulate;
