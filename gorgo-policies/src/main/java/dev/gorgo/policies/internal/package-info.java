/**
 * The built-in policies other than GORGO's own, and the load arithmetic they share. Not exported:
 * create these policies by name through {@link dev.gorgo.api.Policies}.
 */
package dev.gorgo.policies.internal;
