package dev.weft.emit;

import dev.weft.Emitter;
import dev.weft.Event;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hands events to another emitter on a background thread, so a slow sink never blocks the engine.
 * The hand-off queue is bounded: when it is full the event is dropped and counted, never waited
 * for. Close it to deliver what is queued and stop the thread.
 *
 * <pre>{@code
 * try (AsyncEmitter async = new AsyncEmitter(LoggingEmitter.jsonLines(System.out), 10_000)) {
 *   Engine.builder(graph).emitter(async).build().run("r1", doc);
 * }
 * }</pre>
 */
public final class AsyncEmitter implements Emitter, AutoCloseable {
  private final Emitter delegate;
  private final ArrayBlockingQueue<Event> queue;
  private final LongAdder dropped = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final Thread worker;
  private volatile boolean closed;

  /** Forwards to {@code delegate} through a queue of {@code capacity} events. */
  public AsyncEmitter(Emitter delegate, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be ≥ 1, was " + capacity);
    }
    this.delegate = delegate;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.worker = Thread.ofPlatform().daemon().name("weft-async-emitter").start(this::drain);
  }

  @Override
  public void emit(Event event) {
    if (closed || !queue.offer(event)) {
      dropped.increment();
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
        } catch (RuntimeException ex) {
          failed.increment();
        }
      }
    }
  }

  /** Events dropped because the queue was full or the emitter closed. */
  public long dropped() {
    return dropped.sum();
  }

  /** Events the delegate threw on. */
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
