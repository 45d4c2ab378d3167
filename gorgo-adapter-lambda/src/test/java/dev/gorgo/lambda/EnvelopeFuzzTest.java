package dev.gorgo.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.gorgo.lambda.internal.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Fuzz test for the parser of outside input, the response envelopes: any body yields a value or a
 * {@link LambdaException}, never another exception, and error messages never carry the key. In a
 * normal build it runs in regression mode over the seeds in {@code
 * EnvelopeFuzzTestInputs/<method>/}; run {@code JAZZER_FUZZ=1 mvn test -Dtest=EnvelopeFuzzTest} to
 * fuzz.
 */
class EnvelopeFuzzTest {
  private static final TypeFactory T = TypeFactory.defaultInstance();
  private static final List<JavaType> TYPES =
      List.of(
          T.constructCollectionType(List.class, Instance.class),
          T.constructType(Instance.class),
          T.constructMapType(Map.class, String.class, InstanceTypeAvailability.class),
          T.constructType(AuditEvent.Page.class),
          T.constructType(GlobalFirewallRuleset.class),
          T.constructCollectionType(List.class, Filesystem.class));
  private static final ApiKey KEY = ApiKey.of(Fixtures.KEY);

  @FuzzTest(maxDuration = "30s")
  void envelopes(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    int status = body.length == 0 ? 200 : 200 + (body[0] & 0xff) * 2;
    for (JavaType t : TYPES) {
      try {
        Object value = Envelope.decode(200, text, t);
        assertThat(value).isNotNull();
      } catch (LambdaException.MalformedResponse expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    LambdaException e = Envelope.error(status, text + Fixtures.KEY, KEY::scrub);
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).isNotBlank().doesNotContain(Fixtures.KEY);
    assertThat(e.httpStatus()).isEqualTo(status);
  }
}
