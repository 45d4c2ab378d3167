/**
 * The OpenAI-compatible GORGO routing proxy: {@link dev.gorgo.proxy.ProxyServer} starts it from a
 * {@link dev.gorgo.proxy.config.ProxyConfig}; {@link dev.gorgo.proxy.ProxyMain} is the command-line
 * entry point.
 */
package dev.gorgo.proxy;
