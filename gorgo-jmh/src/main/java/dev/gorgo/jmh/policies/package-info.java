/** JMH benchmarks of routing decisions (the router facade with its policies and trie). */
package dev.gorgo.jmh.policies;
