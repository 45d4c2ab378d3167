/**
 * The prefix trie GORGO uses to estimate, per replica, how much of a prompt is already in that
 * replica's KV cache: {@link dev.gorgo.trie.PrefixTrie} (built with {@link
 * dev.gorgo.trie.PrefixTrie.Builder}), matched into a reusable {@link dev.gorgo.trie.MatchResult},
 * and described by {@link dev.gorgo.trie.TrieStats}.
 *
 * <p>Lengths are in symbols (see {@link dev.gorgo.api.PromptKey}); replicas are identified by small
 * integer ids, the endpoint indexes of the router. The implementation classes (nodes, recency
 * lists, walkers) are package-private.
 */
@NullMarked
package dev.gorgo.trie;

import org.jspecify.annotations.NullMarked;
