/**
 * GORGO's SGLang adapter: prompt extraction from OpenAI and SGLang request bodies, prompt keys, an
 * HTTP client that forwards requests and relays SSE streams, and a backend pool that keeps a router
 * informed about each replica's load, round trip time and health.
 */
module dev.gorgo.sglang {
  requires static org.jspecify;
  requires transitive dev.gorgo.api;
  requires transitive dev.gorgo.policies;
  requires com.fasterxml.jackson.core;
  requires okhttp3;

  exports dev.gorgo.sglang;
}
