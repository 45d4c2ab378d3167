package dev.gorgo.lambda;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An inbound firewall rule ({@code FirewallRule}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param protocol the protocol; never null
 * @param portRange {@code [min, max]}, inclusive, 1 to 65535; null for ICMP and "all"
 * @param sourceNetwork the allowed source as an IPv4 CIDR, for example {@code 0.0.0.0/0}
 * @param description a description; never null (the API requires it)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FirewallRule(
    Protocol protocol,
    @Nullable List<Integer> portRange,
    String sourceNetwork,
    String description) {

  /** Checks the fields. */
  public FirewallRule {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(sourceNetwork, "sourceNetwork");
    description = description == null ? "" : description;
    if (portRange != null) {
      portRange = List.copyOf(portRange);
      if (portRange.size() != 2
          || portRange.get(0) < 1
          || portRange.get(1) > 65535
          || portRange.get(0) > portRange.get(1)) {
        throw new IllegalArgumentException("port range must be [min, max] within 1..65535");
      }
    }
  }

  /**
   * A TCP rule for one port.
   *
   * @param port the port, 1 to 65535
   * @param source the source CIDR
   * @param description a description
   * @return the rule
   */
  public static FirewallRule tcp(int port, String source, String description) {
    return new FirewallRule(Protocol.TCP, List.of(port, port), source, description);
  }

  /**
   * Whether this rule admits the given TCP port from the given source (an exact CIDR match or
   * {@code 0.0.0.0/0}).
   *
   * @param port the port
   * @param source the source CIDR
   * @return true if traffic is already allowed by this rule
   */
  public boolean admitsTcp(int port, String source) {
    boolean proto = protocol == Protocol.TCP || protocol == Protocol.ALL;
    boolean ports = portRange == null || (portRange.get(0) <= port && port <= portRange.get(1));
    boolean src = sourceNetwork.equals(source) || sourceNetwork.equals("0.0.0.0/0");
    return proto && ports && src;
  }

  /** Network protocols ({@code NetworkProtocol}). */
  public enum Protocol {
    /** TCP. */
    @JsonProperty("tcp")
    TCP,
    /** UDP. */
    @JsonProperty("udp")
    UDP,
    /** ICMP. */
    @JsonProperty("icmp")
    ICMP,
    /** Every protocol. */
    @JsonProperty("all")
    ALL,
    /** A protocol this client does not know. */
    @JsonEnumDefaultValue
    UNKNOWN
  }
}
