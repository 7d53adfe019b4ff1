package dev.weft;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * What a node knows about the activation it is running: identity, attempt, a deterministic random
 * source, an idempotency key and its deadline.
 *
 * <pre>{@code
 * Node<Order> charge = (order, ctx) -> {
 *   payments.charge(order, ctx.idempotencyKey());      // same key on every retry and resume
 *   if (ctx.attempt() > 1) log.info("retrying charge");
 *   return NodeResult.next(order.charged());
 * };
 * }</pre>
 */
public interface NodeContext {
  /** The run's id. */
  String runId();

  /** The step this activation belongs to, counting from 0. */
  long step();

  /** The node being run. */
  String nodeId();

  /** Which attempt this is, counting from 1. */
  int attempt();

  /** The activation's order key: its stable identity within the step. */
  long orderKey();

  /**
   * A random source seeded from (runId, order key, attempt): the same in every process and at every
   * concurrency setting. A new instance per attempt; do not share it across threads.
   */
  Random random();

  /**
   * A key that is the same for every attempt of this activation, across retries and resumes, so
   * that side effects can be de-duplicated.
   */
  String idempotencyKey();

  /**
   * Time left before this attempt is cut off (node timeout or run budget, whichever is sooner), or
   * empty when it has no limit. Pass it to clients that take a timeout.
   */
  Optional<Duration> remaining();

  /**
   * Emits an event about this attempt's own work (for example {@link EventType#LLM_CALL}) to the
   * engine's emitter, stamped with the run, step, node and attempt. Like every event it is live and
   * never fails the run; with no emitter configured it costs nothing.
   *
   * @throws IllegalArgumentException when {@code type} is one the engine emits itself (see {@link
   *     EventType#emittedByNodes()})
   */
  default void emit(EventType type, Map<String, Object> attributes) {
    if (!type.emittedByNodes()) {
      throw new IllegalArgumentException(
          "a node may not emit " + type + "; the engine emits it. Nodes may emit: LLM_CALL");
    }
  }
}
