/**
 * Implementation details of the Lambda Cloud adapter: request pacing, JSON mapping, the SSH
 * transport and remote shell quoting. Not exported; nothing here is API.
 */
@NullMarked
package dev.gorgo.lambda.internal;

import org.jspecify.annotations.NullMarked;
