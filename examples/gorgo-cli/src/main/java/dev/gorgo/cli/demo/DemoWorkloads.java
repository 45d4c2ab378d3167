package dev.gorgo.cli.demo;

import dev.gorgo.cli.UsageException;
import dev.gorgo.cli.bench.SimWorkloads;
import dev.gorgo.cli.bench.Workload;
import dev.gorgo.sim.workload.MooncakeTrace;
import dev.gorgo.sim.workload.SyntheticChat;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo's workloads, taken from the simulator so that emulated and simulated runs replay the
 * same requests: its synthetic multi-turn chat generator (sized for a short demo) or a
 * Mooncake-format trace. Each request's prompt is a list of segments that {@link
 * dev.gorgo.cli.bench.SegmentText} renders as text when it is sent.
 */
final class DemoWorkloads {
  private DemoWorkloads() {}

  /**
   * The synthetic chat workload of the simulator with demo-sized parameters: sessions start over
   * {@code seconds} at {@code sessionsPerSecond}; 8 shared system prompts (median 1,200 tokens);
   * about 4 turns per conversation with user messages around 250 tokens and replies around 64, and
   * a think time around 1 s between turns, so conversations come back while their prefix is still
   * cached somewhere.
   */
  static Workload synthetic(long seed, double seconds, double sessionsPerSecond) {
    SyntheticChat.Config c =
        new SyntheticChat.Config(
            seed,
            seconds,
            sessionsPerSecond,
            8, // system prompts
            1.0, // Zipf popularity of system prompts
            1200, // system prompt median tokens
            0.4,
            4.0, // mean turns
            250, // user message median tokens
            0.8,
            64, // reply median tokens
            0.5,
            256, // reply cap
            1.0, // think time median, s
            0.5,
            15, // ms per streamed reply token before the next turn
            32_768);
    return SimWorkloads.of(SyntheticChat.generate(c));
  }

  /** The first {@code limit} requests of a Mooncake-format trace. */
  static Workload trace(Path file, int limit) {
    if (!Files.isRegularFile(file)) {
      throw new UsageException("--trace: no such file: " + file);
    }
    try {
      return SimWorkloads.of(MooncakeTrace.read(file).limit(limit));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--trace " + file + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new UsageException("--trace " + file + ": " + e.getCause().getMessage(), e);
    }
  }
}
