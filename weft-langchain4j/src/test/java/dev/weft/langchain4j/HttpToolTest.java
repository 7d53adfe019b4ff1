package dev.weft.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP tool against a real server on 127.0.0.1 — the only address any test here contacts.
 * Refused URLs name other addresses, but the guard stops them before a connection is attempted.
 */
class HttpToolTest {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<String> seen = new CopyOnWriteArrayList<>(); // "METHOD path Host"
  private final int port;
  private final AddressGuard loopbackAllowed = AddressGuard.builder().allow("127.0.0.1/32").build();

  HttpToolTest() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  private String local(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String query = ex.getRequestURI().getRawQuery();
      seen.add(ex.getRequestMethod() + " " + path + " " + ex.getRequestHeaders().getFirst("Host"));
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      switch (path) {
        case "/ok" -> send(ex, 200, "hello " + ex.getRequestMethod() + " " + body, -1);
        case "/redirect" -> {
          ex.getResponseHeaders()
              .set(
                  "Location",
                  java.net.URLDecoder.decode(query.substring(3), StandardCharsets.UTF_8));
          send(ex, 302, "", -1);
        }
        case "/see-other" -> {
          ex.getResponseHeaders().set("Location", "/ok");
          send(ex, 303, "", -1);
        }
        case "/loop" -> {
          ex.getResponseHeaders().set("Location", "/loop");
          send(ex, 302, "", -1);
        }
        case "/big" -> send(ex, 200, "x".repeat(5000), -1);
        case "/big-chunked" -> send(ex, 200, "y".repeat(50_000), 0);
        case "/slow" -> {
          try {
            Thread.sleep(10_000);
          } catch (InterruptedException e) {
            return;
          }
          send(ex, 200, "late", -1);
        }
        default -> send(ex, 404, "no " + path, -1);
      }
    }
  }

  private static void send(HttpExchange ex, int status, String body, int chunked)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain");
    ex.sendResponseHeaders(status, chunked == 0 ? 0 : bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private HttpTool tool(AddressGuard guard) {
    return HttpTool.builder().guard(guard).allowedMethods("GET", "POST").build();
  }

  private static Throwable refusal(HttpTool tool, String url) {
    long start = System.nanoTime();
    Throwable t = catchThrowable(() -> tool.send("GET", url, null));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(t).as(url).isInstanceOf(HttpToolException.class);
    assertThat(t.getMessage()).as(url).contains("refused", "nothing was sent");
    // No connection was attempted: a connect to an unroutable address would block or time out.
    assertThat(took).as(url).isLessThan(Duration.ofSeconds(2));
    return t;
  }

  @Test
  void loopbackIsRefusedByDefaultBeforeAnyConnection() {
    HttpTool tool = tool(AddressGuard.defaults());
    assertThat(refusal(tool, local("/ok"))).hasMessageContaining("127.0.0.1, a loopback address");
    assertThat(refusal(tool, "http://[::1]:" + port + "/ok")).hasMessageContaining("loopback");
    assertThat(refusal(tool, "http://localhost:" + port + "/ok"))
        .hasMessageContaining("'localhost' resolves to")
        .hasMessageContaining("loopback");
    assertThat(refusal(tool, "http://0.0.0.0:" + port + "/ok")).hasMessageContaining("unspecified");
    assertThat(seen).as("the server was never contacted").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.100.100.200/latest/meta-data/",
        "http://100.64.0.1/",
        "http://168.63.129.16/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://[fc00::1]/",
        "http://[fe80::1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[2002:a9fe:a9fe::1]/",
        "http://[ff02::1]/",
        "http://224.0.0.1/",
        "http://2130706433/",
        "https://169.254.169.254/"
      })
  void privateLinkLocalAndMetadataAddressesAreRefused(String url) {
    refusal(tool(AddressGuard.defaults()), url);
    assertThat(seen).isEmpty();
  }

  @Test
  void metadataRefusalSaysWhatItIs() {
    assertThat(refusal(tool(AddressGuard.defaults()), "http://169.254.169.254/"))
        .hasMessageContaining("169.254.169.254, a cloud metadata address");
    assertThat(refusal(tool(AddressGuard.defaults()), "http://[::ffff:10.1.2.3]/"))
        .hasMessageContaining("a private address (10.0.0.0/8)");
  }

  @Test
  void allowListedLoopbackIsReached() throws Exception {
    HttpTool.Response r = tool(loopbackAllowed).send("GET", local("/ok"), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("hello GET ");
    assertThat(r.contentType()).isEqualTo("text/plain");
    assertThat(seen).containsExactly("GET /ok 127.0.0.1:" + port);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://10.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:1/",
        "http://[fd00:ec2::254]/"
      })
  void redirectToAPrivateAddressIsRefusedBeforeFollowing(String target) {
    String url =
        local("/redirect?to=" + java.net.URLEncoder.encode(target, StandardCharsets.UTF_8));
    Throwable t = refusal(tool(loopbackAllowed), url);
    assertThat(t).hasMessageContaining("refused redirect 1 to " + target);
    assertThat(seen).as("only the redirecting request reached a server").hasSize(1);
  }

  @Test
  void redirectsAreFollowedUpToTheLimit() throws Exception {
    HttpTool tool = tool(loopbackAllowed);
    HttpTool.Response r = tool.send("POST", local("/see-other"), "data");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).as("303 turns POST into GET without a body").isEqualTo("hello GET ");
    assertThat(r.uri().getPath()).isEqualTo("/ok");

    Throwable loop = catchThrowable(() -> tool.send("GET", local("/loop"), null));
    assertThat(loop)
        .isInstanceOf(HttpToolException.class)
        .hasMessageContaining("more than 3 redirects");
    assertThat(seen.stream().filter(s -> s.startsWith("GET /loop"))).hasSize(4);
  }

  @Test
  void methodsSchemesAndCredentialsAreLimited() {
    HttpTool getOnly = HttpTool.builder().guard(loopbackAllowed).build();
    assertThat(catchThrowable(() -> getOnly.send("DELETE", local("/ok"), null)))
        .isInstanceOf(HttpToolException.class)
        .hasMessage("method DELETE is not allowed; allowed: [GET]");
    assertThat(catchThrowable(() -> getOnly.send("GET", "file:///etc/passwd", null)))
        .hasMessageContaining("only http and https");
    assertThat(catchThrowable(() -> getOnly.send("GET", "ftp://127.0.0.1/x", null)))
        .hasMessageContaining("only http and https");
    assertThat(
            catchThrowable(() -> getOnly.send("GET", "http://u:p@127.0.0.1:" + port + "/", null)))
        .hasMessageContaining("credentials in URLs");
    assertThat(seen).isEmpty();
  }

  @Test
  void responsesOverTheSizeLimitAreRefused() {
    HttpTool small = HttpTool.builder().guard(loopbackAllowed).maxResponseBytes(1000).build();
    assertThat(catchThrowable(() -> small.send("GET", local("/big"), null)))
        .isInstanceOf(HttpToolException.class)
        .hasMessageContaining("larger than the limit of 1000 bytes (Content-Length 5000)");
    assertThat(catchThrowable(() -> small.send("GET", local("/big-chunked"), null)))
        .isInstanceOf(HttpToolException.class)
        .hasMessageContaining("larger than the limit of 1000 bytes");
  }

  @Test
  void aSlowResponseIsCutAtTheReadTimeout() {
    HttpTool impatient =
        HttpTool.builder().guard(loopbackAllowed).readTimeout(Duration.ofMillis(300)).build();
    long start = System.nanoTime();
    Throwable t = catchThrowable(() -> impatient.send("GET", local("/slow"), null));
    assertThat(t).isInstanceOf(HttpTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void plainHttpConnectsToTheCheckedAddressWithoutResolvingAgain() throws Exception {
    // "rebind.test" resolves (once, here) to 127.0.0.1; real DNS does not know it, so the request
    // can only succeed if the client connects to the checked address instead of resolving again.
    HttpTool pinned =
        HttpTool.builder()
            .guard(loopbackAllowed)
            .resolver(
                host ->
                    new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})})
            .build();
    HttpTool.Response r = pinned.send("GET", "http://rebind.test:" + port + "/ok", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(seen).containsExactly("GET /ok rebind.test:" + port);

    // A name whose answer includes a private address is refused, even beside a public one.
    HttpTool mixed =
        HttpTool.builder()
            .resolver(
                host ->
                    new InetAddress[] {
                      InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 215, 14}),
                      InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7})
                    })
            .build();
    assertThat(refusal(mixed, "http://rebind.test/"))
        .hasMessageContaining("10.0.0.7, a private address");
  }

  @Test
  void asAToolTheModelGetsStatusAndBodyOrTheRefusal() {
    HttpTool tool = tool(loopbackAllowed);
    assertThat(tool.specification().name()).isEqualTo("http_request");
    String answer =
        tool.executor()
            .execute(
                ToolExecutionRequest.builder()
                    .name("http_request")
                    .arguments(
                        "{\"method\":\"POST\",\"url\":\"" + local("/ok") + "\",\"body\":\"q\"}")
                    .build(),
                null);
    assertThat(answer).isEqualTo("HTTP 200 text/plain\n\nhello POST q");

    Throwable refused =
        catchThrowable(
            () ->
                tool.executor()
                    .execute(
                        ToolExecutionRequest.builder()
                            .name("http_request")
                            .arguments("{\"method\":\"GET\",\"url\":\"http://169.254.169.254/\"}")
                            .build(),
                        null));
    assertThat(refused).isInstanceOf(HttpToolException.class);
    Throwable down =
        catchThrowable(
            () ->
                HttpTool.builder()
                    .guard(loopbackAllowed)
                    .readTimeout(Duration.ofMillis(200))
                    .build()
                    .executor()
                    .execute(
                        ToolExecutionRequest.builder()
                            .name("http_request")
                            .arguments("{\"method\":\"GET\",\"url\":\"" + local("/slow") + "\"}")
                            .build(),
                        null));
    assertThat(down).isInstanceOf(UncheckedIOException.class);
  }
}
