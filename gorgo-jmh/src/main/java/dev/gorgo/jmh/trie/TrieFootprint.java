package dev.gorgo.jmh.trie;

import dev.gorgo.trie.TrieStats;
import org.openjdk.jol.info.GraphLayout;

/**
 * Retained heap per stored symbol, measured with JOL's object-graph walk, for each structure
 * holding the same {@link PromptWorkload}; also prints GORGO's own {@code estimatedBytes}.
 *
 * <p>Stored symbols are the symbols in the trie's edges (each shared prefix once), the same count
 * for all three structures. The peers are measured without the prompt strings they were given when
 * those are shared with the caller ({@code PatriciaTrie} keeps every whole key, which is counted
 * because it is retained by the trie).
 *
 * <pre>
 * java -Xmx8g -cp gorgo-jmh/target/benchmarks.jar dev.gorgo.jmh.trie.TrieFootprint 100000
 * </pre>
 */
public final class TrieFootprint {
  private TrieFootprint() {}

  public static void main(String[] args) {
    int prompts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    String[] impls =
        args.length > 1
            ? args[1].split(",")
            : new String[] {"gorgo", "concurrentRadixTree", "patriciaTrie"};
    PromptWorkload workload = new PromptWorkload(prompts, 42);
    long stored = -1;
    for (String impl : impls) {
      TrieUnderTest trie = TrieUnderTest.create(impl);
      workload.loadInto(trie, !impl.equals("gorgo"));
      if (trie instanceof TrieUnderTest.Gorgo g) {
        TrieStats s = g.trie.stats();
        stored = s.storedSymbols();
        System.out.printf(
            "gorgo stats: nodes=%d leaves=%d maxDepth=%d avgDepth=%.1f avgBranching=%.2f"
                + " avgEdgeLength=%.1f replicaRefs=%d storedSymbols=%d estimatedBytes=%d"
                + " (%.2f B/symbol)%n",
            s.nodes(),
            s.leaves(),
            s.maxDepth(),
            s.avgDepth(),
            s.avgBranching(),
            s.avgEdgeLength(),
            s.replicaRefs(),
            stored,
            s.estimatedBytes(),
            s.bytesPerStoredSymbol());
      }
      long bytes = GraphLayout.parseInstance(trie.root()).totalSize();
      System.out.printf(
          "%s: prompts=%d promptSymbols=%d retainedBytes=%d bytesPerStoredSymbol=%s%n",
          impl,
          prompts,
          workload.totalPromptSymbols(),
          bytes,
          stored > 0 ? String.format("%.2f", (double) bytes / stored) : "n/a (run gorgo first)");
    }
  }
}
