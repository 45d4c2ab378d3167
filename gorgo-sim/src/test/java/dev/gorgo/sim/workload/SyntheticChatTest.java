package dev.gorgo.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyntheticChatTest {
  private static final SyntheticChat.Config SMALL =
      SyntheticChat.Config.defaults(7).withDurationSeconds(600);

  @Test
  void sameSeedSameWorkloadOtherSeedOther() {
    assertThat(SyntheticChat.generate(SMALL)).isEqualTo(SyntheticChat.generate(SMALL));
    assertThat(SyntheticChat.generate(SyntheticChat.Config.defaults(8).withDurationSeconds(600)))
        .isNotEqualTo(SyntheticChat.generate(SMALL));
  }

  @Test
  void turnsRepeatTheWholeHistoryIncludingTheReply() {
    Workload w = SyntheticChat.generate(SMALL);
    Map<String, TraceRequest> last = new HashMap<>();
    int followUps = 0;
    for (TraceRequest r : w.requests()) {
      TraceRequest prev = last.put(r.sessionKey(), r);
      if (prev == null) {
        continue;
      }
      followUps++;
      assertThat(r.arrivalNanos()).isGreaterThan(prev.arrivalNanos());
      int[] before = prev.tokens();
      int[] now = r.tokens();
      int[] reply = prev.outputTokenIds();
      // This turn's prompt = previous prompt + previous reply + a new user message.
      assertThat(Arrays.copyOf(now, before.length)).isEqualTo(before);
      assertThat(Arrays.copyOfRange(now, before.length, before.length + reply.length))
          .isEqualTo(reply);
      assertThat(now.length).isGreaterThan(before.length + reply.length);
    }
    assertThat(followUps).isPositive();
  }

  @Test
  void lengthsAndTurnsAreShapedLikeTheConfiguredDistributions() {
    Workload w = SyntheticChat.generate(SyntheticChat.Config.defaults(1));
    List<TraceRequest> rs = w.requests();
    double sessions = rs.stream().map(TraceRequest::sessionKey).distinct().count();
    assertThat(sessions).isBetween(3300.0, 3900.0); // Poisson, 1/s for an hour
    assertThat(rs.size() / sessions).isBetween(2.0, 2.7); // geometric, mean 2.5, context-capped
    double meanReply = rs.stream().mapToInt(TraceRequest::outputTokens).average().orElseThrow();
    assertThat(meanReply).isBetween(400.0, 480.0);
    long systemPrompts = rs.stream().map(r -> r.segmentIds()[0]).distinct().count();
    assertThat(systemPrompts).isEqualTo(8);
  }

  @Test
  void badConfigurationsAreRefused() {
    assertThatThrownBy(() -> SyntheticChat.Config.defaults(1).withDurationSeconds(0))
        .hasMessageContaining("durationSeconds");
  }
}
