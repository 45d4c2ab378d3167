/**
 * A typed client for the Lambda Cloud API ({@link dev.gorgo.lambda.LambdaClient}), its records (one
 * per schema of the API spec 1.8.3), the {@link dev.gorgo.lambda.LambdaException} hierarchy keyed
 * by error code, and the {@link dev.gorgo.lambda.ApiKey} that is read from the environment or a
 * file and never printed.
 */
@NullMarked
package dev.gorgo.lambda;

import org.jspecify.annotations.NullMarked;
