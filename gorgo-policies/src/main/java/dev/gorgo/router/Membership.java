package dev.gorgo.router;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One immutable generation of the endpoint set: the slots in view order, an id index and the local
 * endpoint's position. Replaced as a whole (copy-on-write) when endpoints are added or removed, so
 * a decision reads one consistent generation through a single volatile read.
 */
final class Membership {
  static final Membership EMPTY = new Membership(new EndpointSlot[0], null);

  private final EndpointSlot[] slots;
  private final Map<String, Integer> byId;
  private final int localIndex;

  Membership(EndpointSlot[] slots, @Nullable String localId) {
    this.slots = slots;
    this.byId = new HashMap<>(Math.max(4, slots.length * 2));
    for (int i = 0; i < slots.length; i++) {
      byId.put(slots[i].id(), i);
    }
    Integer local = localId == null ? null : byId.get(localId);
    this.localIndex = local == null ? -1 : local;
  }

  EndpointSlot[] slots() {
    return slots;
  }

  int size() {
    return slots.length;
  }

  int localIndex() {
    return localIndex;
  }

  int indexOf(String id) {
    Integer i = byId.get(id);
    return i == null ? -1 : i;
  }

  @Nullable EndpointSlot slot(String id) {
    Integer i = byId.get(id);
    return i == null ? null : slots[i];
  }
}
