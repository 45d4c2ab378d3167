package dev.gorgo.trie;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gorgo.trie.Node.Kids;
import dev.gorgo.trie.Node.Own;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/** Checks the structural invariants of a trie; test-only, runs under the write lock. */
final class TrieInvariants {
  private TrieInvariants() {}

  static void check(PrefixTrie trie, long[] caps, long globalCap) {
    trie.locked(
        () -> {
          checkLocked(trie, caps, globalCap);
          return null;
        });
  }

  private static void checkLocked(PrefixTrie trie, long[] caps, long globalCap) {
    int replicas = trie.maxReplicas();
    long[] counted = new long[replicas];
    Node root = trie.root();
    assertThat(root.edge).isEmpty();
    assertThat(root.firstOwn).isNull();
    ArrayDeque<Node> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      Node node = stack.pop();
      Kids kids = node.kidsPlain();
      if (node != root) {
        assertThat(node.edge).as("empty edge below the root").isNotEmpty();
        assertThat(node.firstOwn).as("unowned node").isNotNull();
        Set<Integer> chain = new HashSet<>();
        for (Own o = node.firstOwn; o != null; o = o.nextInNode) {
          assertThat(o.node).isSameAs(node);
          assertThat(chain.add(o.replica)).as("duplicate holder").isTrue();
          assertThat(node.ownedBy(o.replica)).as("bit of holder %d", o.replica).isTrue();
          counted[o.replica] += node.edge.length;
          if (node.parent != root) {
            assertThat(node.parent.ownedBy(o.replica))
                .as("parent held by child's holder %d", o.replica)
                .isTrue();
          }
        }
        assertThat(Long.bitCount(node.owners[0]) + restBits(node.owners))
            .as("bits equal holders")
            .isEqualTo(chain.size());
      }
      if (kids != null) {
        assertThat(kids.nodes).as("empty children snapshot").isNotEmpty();
        assertThat(kids.firsts).hasSameSizeAs(kids.nodes);
        for (int i = 0; i < kids.nodes.length; i++) {
          Node child = kids.nodes[i];
          assertThat(child.parent).isSameAs(node);
          assertThat(kids.firsts[i]).isEqualTo(child.edge[0]);
          if (i > 0) {
            assertThat(kids.firsts[i])
                .as("siblings sorted, distinct")
                .isGreaterThan(kids.firsts[i - 1]);
          }
          stack.push(child);
        }
      }
    }
    long total = 0;
    for (int r = 0; r < replicas; r++) {
      assertThat(trie.symbols(r)).as("symbols of replica %d", r).isEqualTo(counted[r]);
      assertThat(counted[r]).as("cap of replica %d", r).isLessThanOrEqualTo(caps[r]);
      total += counted[r];
    }
    assertThat(total).as("global cap").isLessThanOrEqualTo(globalCap);
    assertThat(trie.totalSymbols()).isEqualTo(total);
  }

  private static int restBits(long[] words) {
    int n = 0;
    for (int i = 1; i < words.length; i++) {
      n += Long.bitCount(words[i]);
    }
    return n;
  }
}
