package dev.gorgo.cli;

import dev.gorgo.api.Policies;
import java.util.Iterator;

/** Completion candidates: the names of the routing policies found on the class path. */
public final class PolicyNames implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    return Policies.names().iterator();
  }
}
