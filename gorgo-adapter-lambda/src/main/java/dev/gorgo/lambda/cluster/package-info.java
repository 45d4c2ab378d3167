/**
 * Cluster management on Lambda Cloud: {@link dev.gorgo.lambda.cluster.ClusterManager} provisions
 * one GPU node per region, opens the firewall, installs SGLang (Docker) and the GORGO proxy over
 * SSH idempotently, and tears everything down; {@link dev.gorgo.lambda.cluster.ClusterStore} keeps
 * the state as JSON under the user's configuration directory.
 */
@NullMarked
package dev.gorgo.lambda.cluster;

import org.jspecify.annotations.NullMarked;
