package dev.gorgo.sim.workload;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One request of a workload. The prompt is a sequence of segments (a block of a trace, a system
 * prompt, one message of a conversation): segment {@code k} contributes {@code segmentLengths[k]}
 * tokens synthesised from {@code segmentIds[k]} by {@link #token(int, int)}, so that prompts that
 * start with the same segments share exactly that token prefix. Immutable and thread-safe as long
 * as nobody modifies the arrays (they are not copied, and the accessors return them as they are).
 *
 * @param id request id, unique in the workload
 * @param arrivalNanos when the client sends it, in nanoseconds from the workload's start
 * @param segmentIds the prompt's segments; at least one
 * @param segmentLengths tokens per segment, each at least 1, same length as {@code segmentIds}
 * @param outputTokens output tokens the request produces; at least 1
 * @param outputSegmentId the segment the output is synthesised from when a later prompt of the same
 *     conversation repeats it, or -1 when the output is unknown (the engine then caches only the
 *     prompt)
 * @param sessionKey the conversation, for sticky routing; never {@code null}
 * @param clientHash a stable hash of the client, from which the simulation picks its region
 * @param clientRegion the client's region when the workload states it, else {@code null}
 */
public record TraceRequest(
    String id,
    long arrivalNanos,
    int[] segmentIds,
    int[] segmentLengths,
    int outputTokens,
    int outputSegmentId,
    String sessionKey,
    long clientHash,
    @Nullable String clientRegion) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if a component is out of range
   * @throws NullPointerException if a required component is {@code null}
   */
  public TraceRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(segmentIds, "segmentIds");
    Objects.requireNonNull(segmentLengths, "segmentLengths");
    Objects.requireNonNull(sessionKey, "sessionKey");
    if (segmentIds.length == 0 || segmentIds.length != segmentLengths.length) {
      throw new IllegalArgumentException(
          "request " + id + ": need as many segment lengths as segments, at least one");
    }
    for (int len : segmentLengths) {
      if (len < 1) {
        throw new IllegalArgumentException("request " + id + ": segment length must be >= 1");
      }
    }
    if (outputTokens < 1) {
      throw new IllegalArgumentException("request " + id + ": outputTokens must be >= 1");
    }
    if (arrivalNanos < 0) {
      throw new IllegalArgumentException("request " + id + ": arrival must be >= 0");
    }
  }

  /**
   * The prompt's length.
   *
   * @return tokens
   */
  public int promptTokens() {
    long sum = 0;
    for (int len : segmentLengths) {
      sum += len;
    }
    return Math.toIntExact(sum);
  }

  /**
   * Synthesises the prompt's token ids.
   *
   * @return a fresh array of {@link #promptTokens()} ids
   */
  public int[] tokens() {
    int[] t = new int[promptTokens()];
    int pos = 0;
    for (int k = 0; k < segmentIds.length; k++) {
      int seed = segmentSeed(segmentIds[k]);
      for (int i = 0, n = segmentLengths[k]; i < n; i++) {
        t[pos++] = mixToken(seed, i);
      }
    }
    return t;
  }

  /**
   * Synthesises the output's token ids, when known.
   *
   * @return a fresh array of {@link #outputTokens()} ids, or {@code null} when the output segment
   *     is unknown
   */
  public int @Nullable [] outputTokenIds() {
    if (outputSegmentId < 0) {
      return null;
    }
    int[] t = new int[outputTokens];
    int seed = segmentSeed(outputSegmentId);
    for (int i = 0; i < t.length; i++) {
      t[i] = mixToken(seed, i);
    }
    return t;
  }

  /**
   * Returns a copy sent at another time.
   *
   * @param nanos the new arrival time
   * @return the copy
   */
  public TraceRequest withArrivalNanos(long nanos) {
    return new TraceRequest(
        id,
        nanos,
        segmentIds,
        segmentLengths,
        outputTokens,
        outputSegmentId,
        sessionKey,
        clientHash,
        clientRegion);
  }

  /**
   * The token at a position of a segment: the segment's 64-bit mix, offset by the position times
   * the golden ratio, through the MurmurHash3 32-bit finalizer, kept non-negative. Distinct
   * segments give unrelated token sequences; the same segment always gives the same one.
   *
   * @param segmentId the segment
   * @param index position in the segment
   * @return a non-negative token id
   */
  public static int token(int segmentId, int index) {
    return mixToken(segmentSeed(segmentId), index);
  }

  private static int segmentSeed(int segmentId) {
    long z = segmentId + 0x9e3779b97f4a7c15L;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return (int) (z ^ (z >>> 31));
  }

  private static int mixToken(int seed, int index) {
    int h = seed + index * 0x9e3779b9;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h & 0x7fffffff;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TraceRequest r
        && id.equals(r.id)
        && arrivalNanos == r.arrivalNanos
        && Arrays.equals(segmentIds, r.segmentIds)
        && Arrays.equals(segmentLengths, r.segmentLengths)
        && outputTokens == r.outputTokens
        && outputSegmentId == r.outputSegmentId
        && sessionKey.equals(r.sessionKey)
        && clientHash == r.clientHash
        && Objects.equals(clientRegion, r.clientRegion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, arrivalNanos, sessionKey, clientHash)
        + 31 * Arrays.hashCode(segmentIds);
  }

  /** Describes the request by sizes only; prompt content never appears in logs. */
  @Override
  public String toString() {
    return "TraceRequest["
        + id
        + " at "
        + arrivalNanos
        + " ns, "
        + promptTokens()
        + " prompt tokens in "
        + segmentIds.length
        + " segments, "
        + outputTokens
        + " output tokens]";
  }
}
