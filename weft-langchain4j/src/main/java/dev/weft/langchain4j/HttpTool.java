package dev.weft.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.tool.ToolExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP tool a model may drive, safe by default: connect and read timeouts, a response size
 * limit, only the methods you allow (GET by default), only {@code http} and {@code https}, no
 * credentials in URLs, and an {@link AddressGuard} that refuses loopback, private, link-local,
 * CGNAT, unique-local and cloud-metadata addresses unless allow-listed. The guard checks every
 * address a host resolves to before connecting, and again for every redirect, which the tool
 * follows itself (a limited number of times; the JDK client's own redirects are off).
 *
 * <p>Against DNS rebinding (a name that resolves to a public address when checked and to a private
 * one when connected), a plain-{@code http} request connects to the very address that was checked:
 * the tool routes it through that address as if it were a proxy, so the client never resolves the
 * name again, and the request still carries the original {@code Host}. For {@code https} the JDK
 * client resolves the name itself; it gets the answer just checked from the JVM's address cache,
 * and the certificate must match the name, so a rebound address cannot answer in its place.
 *
 * <p>Immutable and thread-safe; each hop uses its own short-lived client.
 *
 * <pre>{@code
 * HttpTool http = HttpTool.builder()
 *     .allowedMethods("GET", "HEAD")
 *     .maxResponseBytes(200_000)
 *     .guard(AddressGuard.builder().allow("10.20.0.0/16").build())
 *     .build();
 * Graph<AgentState> agent = Agent.builder(model).tool(http.specification(), http.executor()).build();
 * }</pre>
 */
public final class HttpTool {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final Set<String> methods;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final long maxResponseBytes;
  private final int maxRedirects;
  private final AddressGuard guard;
  private final Resolver resolver;
  private final String name;

  /** Resolves a host name to all its addresses (replaceable in tests). */
  @FunctionalInterface
  interface Resolver {
    InetAddress[] resolve(String host) throws IOException;
  }

  private HttpTool(Builder b) {
    this.methods = Set.copyOf(b.methods);
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.maxResponseBytes = b.maxResponseBytes;
    this.maxRedirects = b.maxRedirects;
    this.guard = b.guard;
    this.resolver = b.resolver;
    this.name = b.name;
  }

  /** Starts a tool with the safe defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A response: status, content type and body text (UTF-8).
   *
   * @param status the HTTP status
   * @param uri the URI that answered (after redirects)
   * @param contentType the {@code Content-Type}, or {@code ""}
   * @param body the body as text
   */
  public record Response(int status, URI uri, String contentType, String body) {}

  /**
   * Sends one request, following redirects.
   *
   * @param method an allowed method
   * @param url an absolute {@code http} or {@code https} URL
   * @param body the request body, or {@code null}
   * @throws HttpToolException when the guard or a limit refuses the request (nothing was sent to a
   *     refused address)
   * @throws IOException when the network fails ({@link HttpTimeoutException} on a timeout)
   * @throws InterruptedException when the calling thread is interrupted
   */
  public Response send(String method, String url, String body)
      throws IOException, InterruptedException {
    String m = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
    URI uri = parse(Objects.requireNonNull(url, "url"));
    String payload = body;
    for (int hop = 0; ; hop++) {
      checkMethod(m);
      InetAddress target = checkedAddress(uri, hop);
      HttpResponse<byte[]> response = exchange(m, uri, payload, target);
      int status = response.statusCode();
      if (!REDIRECTS.contains(status)) {
        return new Response(
            status,
            uri,
            response.headers().firstValue("Content-Type").orElse(""),
            new String(response.body(), StandardCharsets.UTF_8));
      }
      if (hop == maxRedirects) {
        throw new HttpToolException(
            "more than "
                + maxRedirects
                + " redirects, the last from "
                + uri
                + "; raise HttpTool.Builder.maxRedirects if the site needs more");
      }
      String location = response.headers().firstValue("Location").orElse(null);
      if (location == null) {
        throw new HttpToolException("redirect " + status + " from " + uri + " has no Location");
      }
      uri = parse(uri.resolve(location).toString());
      if (status == 303 || ((status == 301 || status == 302) && m.equals("POST"))) {
        m = m.equals("HEAD") ? "HEAD" : "GET";
        payload = null;
      }
    }
  }

  private URI parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new HttpToolException("'" + url + "' is not a valid URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new HttpToolException(
          "refused " + url + ": only http and https URLs are allowed, not '" + scheme + "'");
    }
    if (uri.getHost() == null) {
      throw new HttpToolException("refused " + url + ": the URL has no host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new HttpToolException("refused " + url + ": credentials in URLs are not allowed");
    }
    return uri;
  }

  private void checkMethod(String method) {
    if (!methods.contains(method)) {
      throw new HttpToolException(
          "method " + method + " is not allowed; allowed: " + new TreeSet<>(methods));
    }
  }

  /** Resolves the host once and checks every address; returns the one to connect to. */
  private InetAddress checkedAddress(URI uri, int hop) throws IOException {
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    List<InetAddress> addresses = Arrays.asList(resolver.resolve(host));
    var refusal = guard.refusal(host, addresses);
    if (refusal.isPresent()) {
      throw new HttpToolException(
          "refused "
              + (hop == 0 ? "" : "redirect " + hop + " to ")
              + uri
              + ": "
              + refusal.get()
              + "; nothing was sent. Allow-list it with AddressGuard.builder().allow(...) only if"
              + " the tool may reach it");
    }
    return addresses.get(0);
  }

  private HttpResponse<byte[]> exchange(String method, URI uri, String body, InetAddress target)
      throws IOException, InterruptedException {
    HttpClient.Builder client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (uri.getScheme().equalsIgnoreCase("http")) {
      int port = uri.getPort() == -1 ? 80 : uri.getPort();
      client.proxy(new PinnedAddress(new InetSocketAddress(target, port)));
    } else {
      client.proxy(HttpClient.Builder.NO_PROXY);
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(readTimeout)
            .header("User-Agent", "weft-http-tool")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    try (HttpClient http = client.build()) {
      Future<HttpResponse<byte[]>> pending =
          http.sendAsync(request, LimitedBody.handler(maxResponseBytes, uri.toString()));
      try {
        // One deadline for the whole response: headers and body.
        return pending.get(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException late) {
        pending.cancel(true);
        http.shutdownNow();
        throw new HttpTimeoutException(
            "no complete response from " + uri + " within " + readTimeout.toMillis() + "ms");
      } catch (InterruptedException e) {
        http.shutdownNow();
        throw e;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof HttpToolException refused) {
          throw new HttpToolException(refused.getMessage());
        }
        if (cause instanceof IOException io) {
          throw io;
        }
        throw new IOException("request to " + uri + " failed: " + cause, cause);
      }
    }
  }

  /** Sends plain-http requests to the checked address (as a proxy), so nothing re-resolves. */
  private static final class PinnedAddress extends ProxySelector {
    private final List<Proxy> proxy;

    PinnedAddress(InetSocketAddress address) {
      this.proxy = List.of(new Proxy(Proxy.Type.HTTP, address));
    }

    @Override
    public List<Proxy> select(URI uri) {
      return proxy;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
  }

  /** The tool as the model sees it: {@code method}, {@code url}, optional {@code body}. */
  public ToolSpecification specification() {
    List<String> allowed = new ArrayList<>(new TreeSet<>(methods));
    return ToolSpecification.builder()
        .name(name)
        .description(
            "Sends an HTTP request and returns the status, content type and body. Private and"
                + " internal addresses are refused.")
        .parameters(
            JsonObjectSchema.builder()
                .addEnumProperty("method", allowed, "HTTP method")
                .addStringProperty("url", "absolute http or https URL")
                .addStringProperty("body", "request body, if any")
                .required("method", "url")
                .build())
        .build();
  }

  /**
   * Runs the tool for the model: the answer is {@code HTTP <status> <content type>}, a blank line
   * and the body. A refusal throws {@link HttpToolException} (the agent reports it to the model), a
   * network failure {@link UncheckedIOException} (retried by the tool's policy).
   */
  public ToolExecutor executor() {
    return (request, memoryId) -> {
      JsonNode args;
      try {
        args = JSON.readTree(request.arguments());
      } catch (IOException e) {
        throw new HttpToolException("the arguments are not JSON: " + e.getMessage());
      }
      String method = args.path("method").asText("GET");
      String url = args.path("url").asText("");
      String body = args.hasNonNull("body") ? args.get("body").asText() : null;
      try {
        Response r = send(method, url, body);
        return "HTTP " + r.status() + " " + r.contentType() + "\n\n" + r.body();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted"));
      }
    };
  }

  /** Configures an {@link HttpTool}; not thread-safe. */
  public static final class Builder {
    private Set<String> methods = Set.of("GET");
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(20);
    private long maxResponseBytes = 1_000_000;
    private int maxRedirects = 3;
    private AddressGuard guard = AddressGuard.defaults();
    private Resolver resolver = InetAddress::getAllByName;
    private String name = "http_request";

    private Builder() {}

    /** The methods the model may use; default GET only. */
    public Builder allowedMethods(String... methods) {
      Set<String> s = new TreeSet<>();
      for (String m : methods) {
        s.add(m.toUpperCase(Locale.ROOT));
      }
      if (s.isEmpty()) {
        throw new IllegalArgumentException("allow at least one method, for example GET");
      }
      this.methods = s;
      return this;
    }

    /** Time to connect; default 5 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** Time for the whole response (headers and body) after sending; default 20 s. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /** Largest response body accepted; default 1 MB. */
    public Builder maxResponseBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxResponseBytes must be at least 1, was " + bytes);
      }
      this.maxResponseBytes = bytes;
      return this;
    }

    /** Redirects followed at most (0 follows none); default 3. */
    public Builder maxRedirects(int redirects) {
      if (redirects < 0) {
        throw new IllegalArgumentException("maxRedirects must be 0 or more, was " + redirects);
      }
      this.maxRedirects = redirects;
      return this;
    }

    /** The address guard; default {@link AddressGuard#defaults()}. */
    public Builder guard(AddressGuard guard) {
      this.guard = Objects.requireNonNull(guard, "guard");
      return this;
    }

    /** The tool's name as the model sees it; default {@code http_request}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    Builder resolver(Resolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** The tool. */
    public HttpTool build() {
      return new HttpTool(this);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive, was " + d);
      }
      return d;
    }
  }
}
