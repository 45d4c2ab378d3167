/** The serving path: OpenAI and SGLang inference routes, model listing, and peer forwarding. */
package dev.gorgo.proxy.serve;
