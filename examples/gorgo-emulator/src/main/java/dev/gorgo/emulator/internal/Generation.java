package dev.gorgo.emulator.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One request inside an emulated replica: the engine thread appends {@link Event}s as the model
 * produces them, the HTTP handler thread takes them in order and writes them to the client.
 *
 * <p>The event queue is the only state shared between the two threads; the accounting fields are
 * touched by the engine thread only.
 */
public final class Generation {

  /** What the engine reports for a request, in order. */
  public sealed interface Event {
    /**
     * Wall time ({@link System#nanoTime()}) at which the model produced the event.
     *
     * @return wall nanoseconds
     */
    long wallNanos();
  }

  /**
   * An output token.
   *
   * @param index zero-based index in the output
   * @param cachedTokens prompt tokens served from the prefix cache (known from the first token)
   * @param wallNanos when the model produced it
   */
  public record Token(int index, int cachedTokens, long wallNanos) implements Event {}

  /**
   * The request finished normally.
   *
   * @param outputTokens tokens generated
   * @param cachedTokens prompt tokens served from the prefix cache
   * @param e2eSeconds model time from arrival to finish
   * @param wallNanos when the model finished it
   */
  public record Finished(int outputTokens, int cachedTokens, double e2eSeconds, long wallNanos)
      implements Event {}

  /**
   * The request was refused or could not complete.
   *
   * @param status HTTP status SGLang would use
   * @param message error message
   * @param wallNanos when it was refused
   */
  public record Failed(int status, String message, long wallNanos) implements Event {}

  final int[] prompt;
  final int[] output;
  final int maxOutputTokens;
  final boolean internal;
  private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private volatile boolean abandoned;

  // Engine-thread accounting.
  long engineId = -1;
  long submitModelNanos;
  long prefillStartModelNanos = -1;
  long lastTokenModelNanos = -1;
  int emitted;
  int cachedTokens;
  boolean finished;

  Generation(int[] prompt, int[] output, boolean internal) {
    this.prompt = prompt;
    this.output = output;
    this.maxOutputTokens = output.length;
    this.internal = internal;
  }

  /**
   * Returns the prompt length.
   *
   * @return tokens
   */
  public int promptTokens() {
    return prompt.length;
  }

  /**
   * Returns the requested output length.
   *
   * @return tokens
   */
  public int maxOutputTokens() {
    return maxOutputTokens;
  }

  /**
   * Waits for the next event.
   *
   * @param timeoutNanos how long to wait at most
   * @return the event, or {@code null} on timeout
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public Event next(long timeoutNanos) throws InterruptedException {
    return events.poll(timeoutNanos, TimeUnit.NANOSECONDS);
  }

  void post(Event e) {
    events.add(e);
  }

  boolean abandoned() {
    return abandoned;
  }

  void markAbandoned() {
    abandoned = true;
  }
}
