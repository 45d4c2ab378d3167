package dev.gorgo.sglang;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gorgo.sglang.internal.ChunkInspector;
import dev.gorgo.sglang.internal.SseEventScanner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz tests for every parser of outside input: no input may crash or hang them. In a normal build
 * they run in regression mode over the seeds in {@code ParsersFuzzTestInputs/<method>/}; run {@code
 * JAZZER_FUZZ=1 mvn test -Dtest=ParsersFuzzTest} to fuzz.
 */
class ParsersFuzzTest {
  private static final PromptExtractor EXTRACTOR =
      PromptExtractor.builder().maxBodyBytes(1 << 20).maxPromptChars(1 << 16).build();

  @FuzzTest(maxDuration = "30s")
  void promptExtractor(byte[] body) {
    for (RequestKind kind : RequestKind.values()) {
      try {
        ExtractedPrompt p = EXTRACTOR.extract(body, 0, body.length, kind, null);
        assertThat(p.text() == null).isNotEqualTo(p.tokenIds() == null);
        assertThat(p.length()).isLessThanOrEqualTo(1 << 16);
        assertThat(p.maxTokens()).isGreaterThanOrEqualTo(-1);
        PromptKeyer.blocks(16).key(p);
        PromptKeyer.characters().key(p);
      } catch (PromptException expected) {
        assertThat(expected.kind()).isNotNull();
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  @FuzzTest(maxDuration = "30s")
  void metricsParser(byte[] exposition) {
    SglangMetrics m = SglangMetrics.parse(new String(exposition, StandardCharsets.UTF_8));
    assertThat(m.runningRequests()).isGreaterThanOrEqualTo(-1);
    assertThat(m.queuedRequests()).isGreaterThanOrEqualTo(-1);
    assertThat(m.samples()).allSatisfy(s -> assertThat(s.name()).isNotEmpty());
    try {
      SglangMetrics loads = SglangMetrics.parseLoads(exposition);
      assertThat(loads.runningRequests()).isGreaterThanOrEqualTo(-1);
      ServerInfo.parse(exposition);
    } catch (IOException notJson) {
      // expected for most inputs: /v1/loads and server info are JSON
    }
  }

  @FuzzTest(maxDuration = "30s")
  void sseEventParser(byte[] stream) throws IOException {
    SseEventScanner scanner = new SseEventScanner(1 << 16);
    ChunkInspector inspector = new ChunkInspector();
    ByteArrayOutputStream relayed = new ByteArrayOutputStream();
    SseEventScanner.Handler handler =
        (raw, off, len, data, dataLength) -> {
          relayed.write(raw, off, len);
          if (dataLength >= 0) {
            inspector.inspect(data, 0, dataLength);
          }
        };
    int piece = stream.length == 0 ? 1 : 1 + (stream[0] & 0x0f);
    try {
      for (int i = 0; i < stream.length; i += piece) {
        scanner.feed(stream, i, Math.min(piece, stream.length - i), handler);
      }
      scanner.finish(handler);
    } catch (IOException tooLarge) {
      assertThat(stream.length).isGreaterThan(1 << 16);
      return;
    }
    // a relay loses and adds nothing, however the bytes were split
    assertThat(relayed.toByteArray()).isEqualTo(stream);
  }
}
