package dev.gorgo.jmh.sglang;

import dev.gorgo.api.PromptKey;
import dev.gorgo.sglang.ExtractedPrompt;
import dev.gorgo.sglang.PromptException;
import dev.gorgo.sglang.PromptExtractor;
import dev.gorgo.sglang.PromptKeyer;
import dev.gorgo.sglang.RequestKind;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time and allocation of pulling the routing prompt out of an OpenAI chat body (what the proxy does
 * for every request before routing), for bodies of about 4 KB, 64 KB and 1 MB: a system prompt and
 * alternating user/assistant turns, some user turns as content-part arrays with an image part.
 * {@code extract} measures {@link PromptExtractor} alone; {@code extractAndKey} adds the default
 * 16-character block keyer, i.e. everything the adapter does before {@code Router.route}.
 *
 * <p>Target: at most 100 µs per 64 KB body. Run (after building the benchmark jar):
 *
 * <pre>
 * java -jar gorgo-jmh/target/benchmarks.jar PromptExtractionBenchmark -prof gc \
 *     -f 1 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PromptExtractionBenchmark {
  /** Approximate body size in bytes. */
  @Param({"4096", "65536", "1048576"})
  public int bodyBytes;

  private final PromptExtractor extractor = PromptExtractor.create();
  private final PromptKeyer keyer = PromptKeyer.blocks(16);
  private byte[] body;

  /** Builds one chat body of about {@link #bodyBytes} bytes. */
  @Setup
  public void setUp() {
    Random random = new Random(42);
    StringBuilder sb = new StringBuilder(bodyBytes + 1024);
    sb.append("{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"stream\":true,")
        .append("\"stream_options\":{\"include_usage\":true},\"temperature\":0.7,")
        .append("\"max_tokens\":256,\"user\":\"session-1234\",\"messages\":[")
        .append("{\"role\":\"system\",\"content\":\"")
        .append(words(random, 400))
        .append("\"}");
    int turn = 0;
    while (sb.length() < bodyBytes - 600) {
      int len = Math.min(2000, Math.max(100, bodyBytes - sb.length() - 400));
      if (turn % 4 == 1) {
        sb.append(",{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"")
            .append(words(random, len))
            .append("\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/i")
            .append(turn)
            .append(".png\"}}]}");
      } else {
        sb.append(",{\"role\":\"")
            .append(turn % 2 == 0 ? "user" : "assistant")
            .append("\",\"content\":\"")
            .append(words(random, len))
            .append("\"}");
      }
      turn++;
    }
    sb.append("]}");
    body = sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String words(Random random, int chars) {
    String[] vocabulary = {
      "the",
      "router",
      "prefix",
      "cache",
      "token",
      "latency",
      "replica",
      "region",
      "é",
      "\\n",
      "\\\"quoted\\\"",
      "model",
      "stream",
      "KV",
      "prompt",
      "answer"
    };
    StringBuilder sb = new StringBuilder(chars + 16);
    while (sb.length() < chars) {
      sb.append(vocabulary[random.nextInt(vocabulary.length)]).append(' ');
    }
    return sb.toString();
  }

  /**
   * Extraction alone.
   *
   * @return the extracted prompt
   * @throws PromptException never for this body
   */
  @Benchmark
  public ExtractedPrompt extract() throws PromptException {
    return extractor.extract(body, 0, body.length, RequestKind.CHAT_COMPLETIONS);
  }

  /**
   * Extraction plus the 16-character block keyer.
   *
   * @return the prompt key
   * @throws PromptException never for this body
   */
  @Benchmark
  public PromptKey extractAndKey() throws PromptException {
    return keyer.key(extractor.extract(body, 0, body.length, RequestKind.CHAT_COMPLETIONS));
  }
}
