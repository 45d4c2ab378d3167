/** {@code gorgo proxy}: the OpenAI-compatible routing proxy, from a configuration file or flags. */
package dev.gorgo.cli.proxy;
