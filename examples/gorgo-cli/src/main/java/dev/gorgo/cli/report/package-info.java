/**
 * Report building blocks shared by {@code gorgo bench} and {@code gorgo demo}: aligned text tables,
 * inline-SVG charts and a self-contained HTML page (no scripts, no external resources).
 */
package dev.gorgo.cli.report;
