package dev.gorgo.lambda;

import static dev.gorgo.lambda.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error code of the spec maps to its exception type; non-transient errors are not retried.
 */
class LambdaErrorsTest extends MockApiTest {

  static Stream<Arguments> permanentErrors() {
    return Stream.of(
        Arguments.of(401, "invalid-api-key", LambdaException.Unauthorized.class),
        Arguments.of(403, "account-inactive", LambdaException.AccountInactive.class),
        Arguments.of(403, "invalid-address", LambdaException.InvalidBillingAddress.class),
        Arguments.of(404, "object-does-not-exist", LambdaException.NotFound.class),
        Arguments.of(400, "invalid-parameters", LambdaException.InvalidParameters.class),
        Arguments.of(400, "quota-exceeded", LambdaException.QuotaExceeded.class),
        Arguments.of(400, "duplicate", LambdaException.Duplicate.class),
        Arguments.of(400, "insufficient-capacity", LambdaException.InsufficientCapacity.class),
        Arguments.of(
            400, "file-system-in-wrong-region", LambdaException.FileSystemInWrongRegion.class),
        Arguments.of(400, "filesystem-in-use", LambdaException.FilesystemInUse.class),
        Arguments.of(400, "firewall-ruleset-in-use", LambdaException.FirewallRulesetInUse.class));
  }

  @ParameterizedTest(name = "{1} -> {2}")
  @MethodSource("permanentErrors")
  void permanentErrorsMapByCodeAndAreNotRetried(
      int status, String fixture, Class<? extends LambdaException> type) throws Exception {
    server.enqueue(json(status, "errors/" + fixture + ".json"));
    LambdaException e = catchThrowableOfType(LambdaException.class, () -> client.listInstances());
    assertThat(e).isInstanceOf(type);
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.code()).isNotBlank();
    assertThat(e.getMessage()).startsWith(e.code() + ": ");
    assertThat(e.isRetryable()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(time.sleepsMillis()).isEmpty();
  }

  @Test
  void suggestionIsKeptAndShown() {
    server.enqueue(json(401, "errors/invalid-api-key.json"));
    LambdaException e = catchThrowableOfType(LambdaException.class, () -> client.listSshKeys());
    assertThat(e.suggestion()).isEqualTo("Check your API key or create a new one, then try again.");
    assertThat(e.getMessage())
        .isEqualTo(
            "global/invalid-api-key: API key was invalid, expired, or deleted. (Check your API key"
                + " or create a new one, then try again.)");
  }

  @Test
  void internalErrorOnAnIdempotentCallIsRetriedThenThrownTyped() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(json(409, "errors/internal-error.json"));
    }
    LambdaException e =
        catchThrowableOfType(LambdaException.class, () -> client.globalFirewallRuleset());
    assertThat(e).isInstanceOf(LambdaException.InternalError.class);
    assertThat(e.isRetryable()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void providerErrorsAreTypedByPrefix() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(json(503, "errors/provider-unavailable.json"));
    }
    LambdaException e = catchThrowableOfType(LambdaException.class, () -> client.listImages());
    assertThat(e).isInstanceOf(LambdaException.ProviderError.class);
    assertThat(e.code()).isEqualTo("provider/internal-unavailable");
  }

  @Test
  void anHtmlErrorPageBecomesAServerErrorWithTheStatus() {
    LambdaClient once =
        LambdaClient.builder(ApiKey.of(Fixtures.KEY))
            .baseUrl(server.url("/").uri())
            .timeSource(time)
            .maxAttempts(1)
            .build();
    server.enqueue(new MockResponse.Builder().code(502).body("<html>Bad gateway</html>").build());
    LambdaException e = catchThrowableOfType(LambdaException.class, () -> once.listImages());
    assertThat(e).isInstanceOf(LambdaException.ServerError.class);
    assertThat(e.httpStatus()).isEqualTo(502);
    assertThat(e.code()).isNull();
    assertThat(e.getMessage()).isEqualTo("HTTP 502: HTTP 502 without an error envelope");
    once.close();
  }

  @Test
  void anUnknownCodeIsKeptVerbatim() {
    server.enqueue(
        new MockResponse.Builder()
            .code(400)
            .body("{\"error\":{\"code\":\"global/new-thing\",\"message\":\"New.\"}}")
            .build());
    LambdaException e = catchThrowableOfType(LambdaException.class, () -> client.listImages());
    assertThat(e).isInstanceOf(LambdaException.UnknownError.class);
    assertThat(e.code()).isEqualTo("global/new-thing");
  }
}
