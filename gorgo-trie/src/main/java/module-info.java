/**
 * GORGO's concurrent radix prefix trie: lock-free longest-prefix matching for every replica at
 * once, with per-replica and global caps enforced by LRU eviction.
 */
module dev.gorgo.trie {
  requires transitive dev.gorgo.api;
  requires static org.jspecify;

  exports dev.gorgo.trie;
}
