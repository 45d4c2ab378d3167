/**
 * Proxy configuration: the validated value type, and loading it from files, environment and flags.
 */
package dev.gorgo.proxy.config;
