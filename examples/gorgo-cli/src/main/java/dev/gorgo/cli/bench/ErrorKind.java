package dev.gorgo.cli.bench;

import java.util.Locale;

/** Why a request failed. Reports count errors by kind (and HTTP status). */
public enum ErrorKind {
  /** The server answered with a non-200 status. */
  HTTP,
  /** No connection could be made. */
  CONNECT,
  /** The server sent nothing for longer than the request timeout. */
  TIMEOUT,
  /** The stream carried an error event. */
  STREAM_ERROR,
  /** The stream ended before {@code [DONE]} (the connection was closed early). */
  TRUNCATED,
  /** The response was not what an OpenAI-compatible server sends (bad JSON, wrong type). */
  PROTOCOL,
  /** Another I/O failure (connection reset, ...). */
  IO,
  /** Still running when the run's time limit was reached; cancelled. Not an error. */
  INCOMPLETE;

  /** Lower-case name used in reports. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
