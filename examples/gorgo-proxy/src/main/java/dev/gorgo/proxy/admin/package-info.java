/** The {@code /proxy/*} management endpoints and their admin-token check. */
package dev.gorgo.proxy.admin;
