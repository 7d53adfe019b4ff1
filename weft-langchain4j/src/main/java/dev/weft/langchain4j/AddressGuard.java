package dev.weft.langchain4j;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SSRF guard of {@link HttpTool}: refuses addresses a tool driven by a model must not reach
 * unless the caller allow-lists them. Refused by default, IPv4 and IPv6 alike (IPv4 addresses
 * embedded in IPv6 — mapped, compatible, NAT64, 6to4 — are checked as IPv4):
 *
 * <ul>
 *   <li>loopback ({@code 127.0.0.0/8}, {@code ::1}) and unspecified ({@code 0.0.0.0/8}, {@code
 *       ::});
 *   <li>private ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}) and unique-local ({@code
 *       fc00::/7}, which holds AWS's {@code fd00:ec2::254});
 *   <li>link-local ({@code 169.254/16}, which holds the cloud metadata address {@code
 *       169.254.169.254}; {@code fe80::/10}) and site-local ({@code fec0::/10});
 *   <li>shared / CGNAT ({@code 100.64/10}, which holds Alibaba's {@code 100.100.100.200}), Azure's
 *       wire server {@code 168.63.129.16}, IETF ({@code 192.0.0.0/24}), benchmarking ({@code
 *       198.18/15}), multicast and reserved ({@code 224/4}, {@code 240/4}, {@code ff00::/8}), and
 *       discard ({@code 100::/64}).
 * </ul>
 *
 * Allow-list ranges with {@link Builder#allow} (an address or a CIDR range) or trusted names with
 * {@link Builder#allowHost}. Immutable and thread-safe.
 *
 * <pre>{@code
 * AddressGuard guard = AddressGuard.builder()
 *     .allow("10.20.0.0/16")          // the internal API's subnet
 *     .allowHost("search.internal")   // a trusted name, whatever it resolves to
 *     .build();
 * }</pre>
 */
public final class AddressGuard {
  private static final List<Range> BLOCKED =
      List.of(
          Range.of("0.0.0.0/8", "an unspecified ('this network') address"),
          Range.of("10.0.0.0/8", "a private address"),
          Range.of("100.64.0.0/10", "a shared (CGNAT) address"),
          Range.of("127.0.0.0/8", "a loopback address"),
          Range.of("168.63.129.16/32", "a cloud metadata address (Azure wire server)"),
          Range.of("169.254.169.254/32", "a cloud metadata address"),
          Range.of("169.254.0.0/16", "a link-local address"),
          Range.of("172.16.0.0/12", "a private address"),
          Range.of("192.0.0.0/24", "an IETF protocol address"),
          Range.of("192.168.0.0/16", "a private address"),
          Range.of("198.18.0.0/15", "a benchmarking address"),
          Range.of("224.0.0.0/4", "a multicast address"),
          Range.of("240.0.0.0/4", "a reserved or broadcast address"),
          Range.of("::/128", "an unspecified address"),
          Range.of("::1/128", "a loopback address"),
          Range.of("100::/64", "a discard address"),
          Range.of("fd00:ec2::254/128", "a cloud metadata address"),
          Range.of("fc00::/7", "a unique-local (private) address"),
          Range.of("fe80::/10", "a link-local address"),
          Range.of("fec0::/10", "a site-local address"),
          Range.of("ff00::/8", "a multicast address"));

  private static final AddressGuard DEFAULTS = new AddressGuard(List.of(), Set.of());

  private final List<Range> allowed;
  private final Set<String> allowedHosts;

  private AddressGuard(List<Range> allowed, Set<String> allowedHosts) {
    this.allowed = List.copyOf(allowed);
    this.allowedHosts = Set.copyOf(allowedHosts);
  }

  /** The guard with nothing allow-listed. */
  public static AddressGuard defaults() {
    return DEFAULTS;
  }

  /** Starts a guard with nothing allow-listed. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Why {@code host}, resolved to {@code addresses}, is refused; empty when every address may be
   * reached. One refused address refuses the host: the client may connect to any of them.
   */
  public Optional<String> refusal(String host, List<InetAddress> addresses) {
    if (allowedHosts.contains(normalize(host))) {
      return Optional.empty();
    }
    for (InetAddress address : addresses) {
      Optional<String> why = refusal(address);
      if (why.isPresent()) {
        String shown = address.getHostAddress();
        String name = host.equalsIgnoreCase(shown) ? "" : "'" + host + "' resolves to ";
        return Optional.of(name + shown + ", " + why.get());
      }
    }
    return Optional.empty();
  }

  /** Why {@code address} is refused; empty when it may be reached. */
  public Optional<String> refusal(InetAddress address) {
    for (Range r : allowed) {
      if (r.contains(address)) {
        return Optional.empty();
      }
    }
    InetAddress embedded = embeddedIpv4(address);
    if (embedded != null) {
      return refusal(embedded).map(why -> why + " (embedded in " + address.getHostAddress() + ")");
    }
    for (Range r : BLOCKED) {
      if (r.contains(address)) {
        return Optional.of(r.description() + " (" + r.cidr() + ")");
      }
    }
    return Optional.empty();
  }

  /** The IPv4 address inside an IPv4-mapped, -compatible, NAT64 or 6to4 IPv6 address, or null. */
  private static InetAddress embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return null;
    }
    byte[] b = address.getAddress();
    int offset = -1;
    if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      offset = 12; // ::ffff:a.b.c.d
    } else if (isZero(b, 0, 12) && !(isZero(b, 12, 15) && (b[15] == 0 || b[15] == 1))) {
      offset = 12; // ::a.b.c.d (deprecated compatible form), not :: or ::1
    } else if (b[0] == 0
        && b[1] == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b
        && isZero(b, 4, 12)) {
      offset = 12; // 64:ff9b::a.b.c.d (NAT64)
    } else if (b[0] == 0x20 && b[1] == 0x02) {
      offset = 2; // 2002:aabb:ccdd:: (6to4)
    }
    if (offset < 0) {
      return null;
    }
    try {
      return InetAddress.getByAddress(
          new byte[] {b[offset], b[offset + 1], b[offset + 2], b[offset + 3]});
    } catch (UnknownHostException impossible) {
      throw new AssertionError(impossible);
    }
  }

  private static boolean isZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static String normalize(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /** An address range: a network and a prefix length. */
  private static final class Range {
    private final String cidr;
    private final byte[] network;
    private final int prefix;
    private final String description;

    private Range(String cidr, byte[] network, int prefix, String description) {
      this.cidr = cidr;
      this.network = network;
      this.prefix = prefix;
      this.description = description;
    }

    String cidr() {
      return cidr;
    }

    String description() {
      return description;
    }

    static Range of(String cidr, String description) {
      int slash = cidr.indexOf('/');
      String ip = slash < 0 ? cidr : cidr.substring(0, slash);
      if (!ip.contains(":") && !ip.matches("[0-9.]+")) {
        throw new IllegalArgumentException(
            "'" + cidr + "' is not an IP address or CIDR range; use allowHost for names");
      }
      byte[] network;
      try {
        network = InetAddress.getByName(ip).getAddress(); // a literal: no DNS lookup
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR range", e);
      }
      int prefix;
      try {
        prefix = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + cidr + "' has no valid prefix length", e);
      }
      if (prefix < 0 || prefix > network.length * 8) {
        throw new IllegalArgumentException(
            "'" + cidr + "': prefix must be 0.." + network.length * 8);
      }
      return new Range(cidr, network, prefix, description);
    }

    boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      if (a.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (a[full] & mask) == (network[full] & mask);
    }
  }

  /** Collects allow-list entries; not thread-safe. */
  public static final class Builder {
    private final List<Range> allowed = new ArrayList<>();
    private final Set<String> hosts = new TreeSet<>();

    private Builder() {}

    /**
     * Allows an address or CIDR range ({@code "127.0.0.1"}, {@code "10.20.0.0/16"}, {@code
     * "fd12::/16"}) despite the default refusals.
     *
     * @throws IllegalArgumentException when it is not an address or a range
     */
    public Builder allow(String addressOrCidr) {
      Objects.requireNonNull(addressOrCidr, "addressOrCidr");
      allowed.add(Range.of(addressOrCidr.trim(), "allowed"));
      return this;
    }

    /**
     * Trusts a host name whatever it resolves to. Only names you control: the name, not the
     * address, is what is trusted.
     */
    public Builder allowHost(String host) {
      Objects.requireNonNull(host, "host");
      hosts.add(normalize(host.trim()));
      return this;
    }

    /** The guard. */
    public AddressGuard build() {
      return new AddressGuard(allowed, hosts);
    }
  }
}
