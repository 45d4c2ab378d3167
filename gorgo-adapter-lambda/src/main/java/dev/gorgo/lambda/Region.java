package dev.gorgo.lambda;

import org.jspecify.annotations.Nullable;

/**
 * A Lambda Cloud region ({@code Region} in the API spec).
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the public region code, for example {@code us-east-1}; never null
 * @param description a human-readable location, for example {@code Virginia, USA}; may be null
 */
public record Region(String name, @Nullable String description) {}
