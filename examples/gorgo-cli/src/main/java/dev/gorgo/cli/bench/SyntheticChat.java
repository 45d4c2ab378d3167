package dev.gorgo.cli.bench;

import dev.gorgo.cli.bench.BenchRequest.ChatMessage;
import dev.gorgo.cli.bench.BenchRequest.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic multi-turn chat workload, deterministic for a seed, shaped like public chat logs
 * (WildChat): a few long system prompts shared by many conversations, conversations of several
 * turns whose history grows with every turn, and lognormal message lengths.
 *
 * <p>A fixed number of conversations is open at a time; each request continues one of them chosen
 * at random, and a finished conversation is replaced by a new one. Requests of one conversation
 * therefore arrive interleaved with others, as on a real service, and each turn's prompt extends
 * the previous turn's prompt plus a reply, which is what makes prefix-aware routing pay. The reply
 * in the history is synthesised with the length asked of the server ({@code max_tokens}), so the
 * workload does not depend on what a server answers.
 *
 * @param seed random seed
 * @param systemPrompts number of distinct system prompts
 * @param systemTokens length of each system prompt in tokens
 * @param userTokens median length of a user message in tokens
 * @param outputTokens median length of a reply in tokens (sent as {@code max_tokens})
 * @param meanTurns mean turns per conversation (geometric)
 * @param openConversations conversations open at a time
 */
public record SyntheticChat(
    long seed,
    int systemPrompts,
    int systemTokens,
    int userTokens,
    int outputTokens,
    double meanTurns,
    int openConversations)
    implements Workload {

  /** Defaults: 4 system prompts of 800 tokens, user 120, reply 64, 4 turns, 16 open. */
  public static SyntheticChat defaults(long seed) {
    return new SyntheticChat(seed, 4, 800, 120, 64, 4.0, 16);
  }

  public SyntheticChat {
    if (systemPrompts < 1
        || systemTokens < 0
        || userTokens < 1
        || outputTokens < 1
        || meanTurns < 1
        || openConversations < 1) {
      throw new IllegalArgumentException("synthetic workload parameters out of range");
    }
  }

  @Override
  public String describe() {
    return String.format(
        "synthetic multi-turn chat (seed %d, %d system prompts x %d tokens, user ~%d, reply ~%d"
            + " tokens, ~%.1f turns, %d open conversations)",
        seed, systemPrompts, systemTokens, userTokens, outputTokens, meanTurns, openConversations);
  }

  @Override
  public boolean hasArrivalTimes() {
    return false;
  }

  @Override
  public Cursor open() {
    return new Generator();
  }

  private final class Generator implements Cursor {
    private final SplittableRandom random = new SplittableRandom(Words.mix(seed));
    private final Conversation[] open = new Conversation[openConversations];
    private int nextConversation;
    private int index;

    @Override
    public synchronized BenchRequest next() {
      int slot = random.nextInt(open.length);
      Conversation c = open[slot];
      if (c == null || c.turnsLeft == 0) {
        c = open[slot] = newConversation();
      }
      int userLen = lognormal(userTokens);
      int replyLen = lognormal(outputTokens);
      StringBuilder user = new StringBuilder(userLen * Words.CHARS_PER_TOKEN);
      Words.append(user, random.split(), userLen);
      c.messages.add(new ChatMessage("user", user.toString()));
      c.tokens += userLen;
      BenchRequest request =
          new BenchRequest(index++, new Messages(c.messages), c.tokens, replyLen, -1, c.id);
      StringBuilder reply = new StringBuilder(replyLen * Words.CHARS_PER_TOKEN);
      Words.append(reply, random.split(), replyLen);
      c.messages.add(new ChatMessage("assistant", reply.toString()));
      c.tokens += replyLen;
      c.turnsLeft--;
      return request;
    }

    private Conversation newConversation() {
      int system = random.nextInt(systemPrompts);
      Conversation c = new Conversation("c" + nextConversation++);
      StringBuilder sb = new StringBuilder(systemTokens * Words.CHARS_PER_TOKEN);
      Words.append(sb, new SplittableRandom(Words.mix(seed * 31 + system)), systemTokens);
      c.messages.add(new ChatMessage("system", sb.toString()));
      c.tokens = systemTokens;
      // geometric number of turns with the given mean, at least 1
      if (meanTurns <= 1.0) {
        c.turnsLeft = 1;
      } else {
        double extra = Math.log(1 - random.nextDouble()) / Math.log(1 - 1.0 / meanTurns);
        c.turnsLeft = 1 + (int) Math.min(1000, Math.floor(extra));
      }
      return c;
    }

    /** Lognormal around a median, sigma 0.6, clamped to [1, 8 x median]. */
    private int lognormal(int median) {
      double v = median * Math.exp(0.6 * random.nextGaussian());
      return (int) Math.max(1, Math.min(8.0 * median, Math.round(v)));
    }
  }

  private static final class Conversation {
    final String id;
    final List<ChatMessage> messages = new ArrayList<>();
    int tokens;
    int turnsLeft;

    Conversation(String id) {
      this.id = id;
    }
  }
}
