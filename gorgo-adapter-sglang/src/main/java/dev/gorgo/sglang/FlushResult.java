package dev.gorgo.sglang;

/** What {@link SglangClient#flushCache} achieved. SGLang answers both ways with the same text. */
public enum FlushResult {
  /** HTTP 200: the prefix cache was emptied. */
  FLUSHED,
  /**
   * HTTP 400: the server refused because requests were running or waiting; nothing was flushed.
   * Retry when the server is idle.
   */
  REFUSED_BUSY,
  /** HTTP 401 or 403: the server wants an (admin) API key. */
  UNAUTHORIZED,
  /** Any other status, or no answer at all (connection failure, timeout). */
  UNAVAILABLE
}
