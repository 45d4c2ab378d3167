/**
 * The {@code gorgo} command: the top-level picocli command, exit codes, version and shell
 * completion. Each subcommand lives in its own package ({@code bench}, {@code demo}, ...).
 */
package dev.gorgo.cli;
