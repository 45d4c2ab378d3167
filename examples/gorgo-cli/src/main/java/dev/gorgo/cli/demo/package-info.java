/**
 * {@code gorgo demo}: emulated replicas in three regions, the routing proxy in front of them, and
 * one workload replayed through several policies in turn, compared in a table and an HTML report.
 */
package dev.gorgo.cli.demo;
