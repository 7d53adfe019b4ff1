package dev.weft.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.cli.demo.DemoEngine;
import dev.weft.cli.demo.Research;
import dev.weft.cli.demo.ResearchPipeline;
import dev.weft.cli.progress.Progress;
import dev.weft.cli.store.RunStore;
import dev.weft.cli.store.StoreOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code weft serve}: metrics, health and the run catalogue over HTTP on the loopback address. */
@Command(
    name = "serve",
    description = {
      "Serves HTTP on 127.0.0.1 (unless --host says otherwise): /metrics (Prometheus text),"
          + " /health, /runs and /runs/{id} (JSON). --demo-every keeps demo runs going so"
          + " dashboards have data. Stops on Ctrl-C."
    })
public final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "9750",
      description = "TCP port (default 9750; 0 = any free port).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default 127.0.0.1, reachable from this machine only).")
  String host;

  @Option(
      names = "--demo-every",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Start a demo run this often (e.g. 5s); none by default.")
  Duration demoEvery;

  @Mixin StoreOptions storeOptions;
  @Mixin Common common;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65_535) {
      throw new CliException("--port must be 0…65535, was " + port, "for example --port 9750");
    }
    RunStore store = RunStore.open(storeOptions);
    Metrics metrics = new Metrics();
    Progress progress = new Progress(ResearchPipeline.graph().nodeIds());
    DemoEngine engine =
        new DemoEngine(
            store,
            progress,
            new dev.weft.cli.progress.CompositeMetrics(
                java.util.List.of(progress, metrics.engineMetrics())),
            4,
            2,
            Duration.ofSeconds(60));
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (BindException e) {
      store.close();
      throw new CliException(
          "cannot listen on " + host + ":" + port + ": " + e.getMessage(),
          "another process uses the port; pass --port with a free one (or 0 for any)");
    }
    server.createContext(
        "/health", ex -> send(ex, 200, "application/json", "{\"status\":\"ok\"}\n"));
    server.createContext(
        "/metrics",
        ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    server.createContext("/runs", ex -> runs(ex, store));
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    int actualPort = server.getAddress().getPort();
    System.out.println(
        "weft serve: listening on http://"
            + host
            + ":"
            + actualPort
            + " (/metrics /health /runs); Ctrl-C stops");
    System.out.flush();

    ScheduledExecutorService demos = null;
    if (demoEvery != null) {
      demos =
          Executors.newSingleThreadScheduledExecutor(
              r -> Thread.ofPlatform().daemon().name("weft-demo-timer").unstarted(r));
      AtomicLong n = new AtomicLong();
      // Each tick only starts a run on its own thread, which reports its own failures.
      var unused =
          demos.scheduleAtFixedRate(
              () -> {
                long i = n.incrementAndGet();
                String id = "serve-" + ProcessHandle.current().pid() + "-" + i;
                Thread.ofVirtual()
                    .name("weft-run")
                    .start(
                        () ->
                            engine.run(
                                id,
                                Research.start(
                                    new Research.Settings(i, 8, 0.15, 0.05, 40, false))));
              },
              0,
              demoEvery.toMillis(),
              TimeUnit.MILLISECONDS);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    ScheduledExecutorService timer = demos;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (timer != null) {
                    timer.shutdownNow();
                  }
                  server.stop(0);
                  store.close();
                  stopped.countDown();
                },
                "weft-serve-stop"));
    stopped.await();
    return ExitCodes.INTERRUPTED;
  }

  private static void runs(HttpExchange ex, RunStore store) throws IOException {
    String path = ex.getRequestURI().getPath();
    if (!ex.getRequestMethod().equals("GET")) {
      send(ex, 405, "application/json", Json.line(Map.of("error", "only GET is served")) + "\n");
      return;
    }
    try {
      if (path.equals("/runs") || path.equals("/runs/")) {
        var runs = store.list(Optional.empty(), Optional.empty(), 100);
        send(
            ex,
            200,
            "application/json",
            Json.pretty(new RunsCommand.Listing(runs.stream().map(RunViews.Listed::of).toList())));
        return;
      }
      String id = path.substring("/runs/".length());
      var cp =
          id.matches("[A-Za-z0-9._-]{1,200}")
              ? store.load(id)
              : Optional.<dev.weft.spi.Checkpoint<Research>>empty();
      if (cp.isEmpty()) {
        send(ex, 404, "application/json", Json.line(Map.of("error", "no run '" + id + "'")) + "\n");
        return;
      }
      send(
          ex,
          200,
          "application/json",
          Json.pretty(RunViews.show(cp.get(), store.history(id), store.journal())));
    } catch (RuntimeException e) {
      send(
          ex,
          500,
          "application/json",
          Json.line(Map.of("error", String.valueOf(e.getMessage()))) + "\n");
    }
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
