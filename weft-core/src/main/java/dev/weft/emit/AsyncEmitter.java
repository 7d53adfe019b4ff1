package dev.weft.emit;

import dev.weft.Emitter;
import dev.weft.Event;
import dev.weft.EventType;
import dev.weft.spi.EngineMetrics;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hands events to another emitter on a background thread, so a slow sink never blocks the engine.
 * The hand-off queue is bounded: when it is full the event is dropped and counted, never waited
 * for. A delegate that throws (even an {@link Error}) loses that event only: it is counted, the
 * first such failure is logged once (System.Logger {@code dev.weft.emit.AsyncEmitter}), and
 * delivery goes on. Lost events of either kind also reach {@link EngineMetrics#eventsDropped} when
 * metrics are given ({@code weft_events_dropped_total} with {@code weft-micrometer}). Close it to
 * deliver what is queued and stop the thread. Thread-safe.
 *
 * <pre>{@code
 * try (AsyncEmitter async = new AsyncEmitter(LoggingEmitter.jsonLines(System.out), 10_000, metrics)) {
 *   Engine.builder(graph).emitter(async).build().run("r1", doc);
 * }
 * }</pre>
 */
public final class AsyncEmitter implements Emitter, AutoCloseable {
  private final Emitter delegate;
  private final EngineMetrics metrics;
  private final System.Logger log;
  private final AtomicBoolean failureLogged = new AtomicBoolean();
  private final ArrayBlockingQueue<Event> queue;
  private final LongAdder dropped = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final Thread worker;
  private volatile boolean closed;

  /** Forwards to {@code delegate} through a queue of {@code capacity} events. */
  public AsyncEmitter(Emitter delegate, int capacity) {
    this(delegate, capacity, EngineMetrics.none());
  }

  /**
   * Forwards to {@code delegate} through a queue of {@code capacity} events and reports every lost
   * event to {@code metrics} (pass the engine's metrics).
   */
  public AsyncEmitter(Emitter delegate, int capacity, EngineMetrics metrics) {
    this(delegate, capacity, metrics, System.getLogger(AsyncEmitter.class.getName()));
  }

  AsyncEmitter(Emitter delegate, int capacity, EngineMetrics metrics, System.Logger log) {
    this.log = Objects.requireNonNull(log, "log");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be ≥ 1, was " + capacity);
    }
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.worker = Thread.ofPlatform().daemon().name("weft-async-emitter").start(this::drain);
  }

  /** Whether its delegate wants events of {@code type}: the others never reach the queue. */
  @Override
  public boolean accepts(EventType type) {
    return delegate.accepts(type);
  }

  @Override
  public void emit(Event event) {
    if (closed || !queue.offer(event)) {
      dropped.increment();
      metrics.eventsDropped(1);
    }
  }

  private void drain() {
    while (!closed || !queue.isEmpty()) {
      Event e;
      try {
        e = queue.poll(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException interrupted) {
        return;
      }
      if (e != null) {
        try {
          delegate.emit(e);
        } catch (Throwable t) { // an Error too: one lost event must not stop delivery of the rest
          failed(e, t);
        }
      }
    }
  }

  private void failed(Event event, Throwable t) {
    failed.increment();
    try {
      metrics.eventsDropped(1);
    } catch (RuntimeException ignored) {
      // metrics must not stop delivery either
    }
    if (failureLogged.compareAndSet(false, true)) {
      log.log(
          System.Logger.Level.WARNING,
          "the emitter behind AsyncEmitter threw on a "
              + event.type()
              + " event of run '"
              + event.runId()
              + "'; that event is lost, delivery continues; later failures are only counted"
              + " (AsyncEmitter.failed(), weft_events_dropped_total)",
          t);
    }
  }

  /** Events dropped because the queue was full or the emitter closed. */
  public long dropped() {
    return dropped.sum();
  }

  /** Events the delegate threw on (exceptions and errors alike). */
  public long failed() {
    return failed.sum();
  }

  /** Events waiting to be delivered. */
  public int pending() {
    return queue.size();
  }

  /** Delivers what is queued (waiting up to {@code timeout}) and stops the background thread. */
  public void close(Duration timeout) {
    closed = true;
    try {
      worker.join(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@link #close(Duration)} with 5 seconds. */
  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
