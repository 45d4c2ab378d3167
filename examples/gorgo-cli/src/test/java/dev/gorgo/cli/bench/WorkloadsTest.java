package dev.gorgo.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gorgo.cli.UsageException;
import dev.gorgo.cli.bench.BenchRequest.Messages;
import dev.gorgo.cli.bench.BenchRequest.Segments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.DoubleHistogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkloadsTest {
  @TempDir Path dir;

  private Workload load(String content) throws IOException {
    Path f = dir.resolve("w.jsonl");
    Files.writeString(f, content);
    return Workloads.load(f, Workloads.Format.AUTO, 50, 1000);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[1,2]|line 1: expected a JSON object",
        "{\"prompt\": 3}|line 1: needs a 'prompt' string or a 'messages' array",
        "{\"messages\": []}|line 1: 'messages' must be a non-empty array",
        "{\"messages\": [{\"content\": \"x\"}]}|line 1: each message needs a 'role'",
        "{\"prompt\": \"x\", \"max_tokens\": 1.5}|line 1: 'max_tokens' must be a positive integer",
        "{\"hash_ids\": [], \"input_length\": 3, \"output_length\": 1}|'hash_ids' must be a non-empty",
        "{\"hash_ids\": [1], \"input_length\": 0, \"output_length\": 1}|'input_length' must be a positive",
        "{\"hash_ids\": [\"a\"], \"input_length\": 3, \"output_length\": 1}|'hash_ids' must hold integers",
      })
  void malformedLinesAreRefusedWithTheirLine(String line, String message) {
    assertThatThrownBy(() -> load(line + "\n"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(message);
  }

  @Test
  void emptyFileIsRefused() {
    assertThatThrownBy(() -> load("\n\n"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("holds no requests");
  }

  @Test
  void readsPromptsMessagesContentPartsAndDefaults() throws IOException {
    Workload w =
        load(
            "{\"prompt\": \"abcdefgh\"}\n\n"
                + "{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\":"
                + " \"hi\"}]}], \"output_tokens\": 9, \"timestamp\": 5}\n");
    Workload.Cursor c = w.open();
    BenchRequest a = c.next();
    BenchRequest b = c.next();
    assertThat(c.next()).isNull();
    assertThat(a.promptTokens()).isEqualTo(2);
    assertThat(a.maxTokens()).isEqualTo(50);
    assertThat(b.maxTokens()).isEqualTo(9);
    assertThat(((Messages) b.content()).messages().get(0).content()).isEqualTo("hi");
    assertThat(w.hasArrivalTimes()).isFalse(); // only one of the two lines has a timestamp
  }

  @Test
  void mooncakeTextSharesExactlyTheSharedBlocks() {
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 200; trial++) {
      int shared = random.nextInt(4);
      int[] a = new int[shared + 1 + random.nextInt(3)];
      int[] b = new int[shared + 1 + random.nextInt(3)];
      for (int i = 0; i < a.length; i++) {
        a[i] = i < shared ? i : 1000 + i;
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = i < shared ? i : 2000 + i;
      }
      int lenA = (a.length - 1) * 512 + 1 + random.nextInt(512);
      int lenB = (b.length - 1) * 512 + 1 + random.nextInt(512);
      String ta = SegmentText.render(a, SegmentText.mooncakeLengths(a.length, lenA));
      String tb = SegmentText.render(b, SegmentText.mooncakeLengths(b.length, lenB));
      assertThat(ta).hasSize(lenA * 4);
      assertThat(tb).hasSize(lenB * 4);
      int common = Arrays.mismatch(ta.toCharArray(), tb.toCharArray());
      // equal for the shared blocks, and (almost surely) different within the first 8 tokens after
      assertThat(common).isBetween(shared * 2048, shared * 2048 + 32);
    }
  }

  @Test
  void mooncakeLengthsAlwaysSumToTheInputLength() {
    assertThat(SegmentText.mooncakeLengths(3, 1100)).containsExactly(512, 512, 76);
    assertThat(SegmentText.mooncakeLengths(3, 600)).containsExactly(512, 88);
    assertThat(SegmentText.mooncakeLengths(2, 1500)).containsExactly(512, 988);
    assertThat(SegmentText.mooncakeLengths(1, 1)).containsExactly(1);
  }

  @Test
  void partialLastBlockIsAPrefixOfTheFullBlock() {
    String full = SegmentText.render(new int[] {7, 8}, SegmentText.mooncakeLengths(2, 1024));
    String part = SegmentText.render(new int[] {7, 8}, SegmentText.mooncakeLengths(2, 700));
    assertThat(full).startsWith(part);
  }

  @Test
  void syntheticChatIsDeterministicAndHistoriesGrow() {
    Workload w = SimWorkloads.syntheticChat(3, 200, 300, 120, 64, 4);
    List<BenchRequest> first = take(w, 200);
    assertThat(first).doesNotContainNull();
    assertThat(take(SimWorkloads.syntheticChat(3, 200, 300, 120, 64, 4), 200))
        .usingElementComparator(WorkloadsTest::compareSegments)
        .isEqualTo(first);
    assertThat(w.open().next().maxTokens()).isPositive();
    // each turn of a conversation extends the previous turn's prompt by its reply and a new message
    Map<String, List<BenchRequest>> bySession = new HashMap<>();
    first.forEach(r -> bySession.computeIfAbsent(r.session(), k -> new ArrayList<>()).add(r));
    int multiTurn = 0;
    for (List<BenchRequest> turns : bySession.values()) {
      for (int i = 1; i < turns.size(); i++) {
        int[] prev = ((Segments) turns.get(i - 1).content()).ids();
        int[] next = ((Segments) turns.get(i).content()).ids();
        assertThat(Arrays.copyOf(next, prev.length)).isEqualTo(prev);
        assertThat(next).hasSize(prev.length + 2);
        assertThat(turns.get(i).promptTokens()).isGreaterThan(turns.get(i - 1).promptTokens());
        assertThat(turns.get(i).arrivalMillis()).isGreaterThan(turns.get(i - 1).arrivalMillis());
        multiTurn++;
      }
    }
    assertThat(multiTurn).isGreaterThan(50);
  }

  private static int compareSegments(BenchRequest a, BenchRequest b) {
    Segments x = (Segments) a.content();
    Segments y = (Segments) b.content();
    boolean same =
        Arrays.equals(x.ids(), y.ids())
            && Arrays.equals(x.lengths(), y.lengths())
            && a.maxTokens() == b.maxTokens()
            && a.arrivalMillis() == b.arrivalMillis();
    return same ? 0 : 1;
  }

  private static List<BenchRequest> take(Workload w, int n) {
    Workload.Cursor c = w.open();
    List<BenchRequest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(c.next());
    }
    return out;
  }

  @Test
  void summaryPercentilesMatchASortedReference() {
    SplittableRandom random = new SplittableRandom(5);
    double[] values = new double[5000];
    DoubleHistogram h = Summary.histogram();
    for (int i = 0; i < values.length; i++) {
      values[i] = 1 + random.nextDouble() * random.nextDouble() * 4000;
      h.recordValue(values[i]);
    }
    Arrays.sort(values);
    Summary s = Summary.of(h);
    assertThat(s.count()).isEqualTo(5000);
    for (double[] pq : new double[][] {{50, s.p50()}, {95, s.p95()}, {99, s.p99()}}) {
      double ref = values[(int) Math.ceil(pq[0] / 100 * values.length) - 1];
      assertThat(pq[1]).isCloseTo(ref, org.assertj.core.data.Percentage.withPercentage(0.5));
    }
  }
}
