/** HTTP plumbing shared by the serving and management routes: bounded bodies, OpenAI error JSON. */
package dev.gorgo.proxy.http;
