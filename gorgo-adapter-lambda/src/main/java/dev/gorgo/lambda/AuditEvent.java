package dev.gorgo.lambda;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One audit log entry ({@code AuditEvent}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param serviceName the service that emitted it
 * @param resourceName the resource type
 * @param action the action, for example {@code create}
 * @param catalogVersion the event catalogue version
 * @param eventId the event ID
 * @param eventTime when it happened, ISO 8601
 * @param actorLrn who did it; may be null
 * @param resourceLrns the resources affected; never null
 * @param resourceOwnerLrn the owner; may be null
 * @param requestApiKeyLrn the API key used (its identifier, not the secret); may be null
 * @param additionalDetails free-form details; never null
 */
public record AuditEvent(
    String serviceName,
    String resourceName,
    String action,
    String catalogVersion,
    String eventId,
    String eventTime,
    @Nullable String actorLrn,
    List<String> resourceLrns,
    @Nullable String resourceOwnerLrn,
    @Nullable String requestApiKeyLrn,
    Map<String, Object> additionalDetails) {

  /** Normalises missing collections to empty ones. */
  public AuditEvent {
    resourceLrns = resourceLrns == null ? List.of() : List.copyOf(resourceLrns);
    additionalDetails = additionalDetails == null ? Map.of() : additionalDetails;
  }

  /**
   * One page of audit events ({@code AuditEventsPage}).
   *
   * @param events the events; never null
   * @param pageToken the token for the next page; null on the last page
   */
  public record Page(List<AuditEvent> events, @Nullable String pageToken) {

    /** Normalises a missing list to an empty one. */
    public Page {
      events = events == null ? List.of() : List.copyOf(events);
    }
  }
}
