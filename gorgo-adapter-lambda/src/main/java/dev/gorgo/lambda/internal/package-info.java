/**
 * Implementation details of the Lambda Cloud adapter: request pacing, JSON mapping, the SSH
 * transport and remote shell quoting. Not exported; nothing here is API.
 */
package dev.gorgo.lambda.internal;
