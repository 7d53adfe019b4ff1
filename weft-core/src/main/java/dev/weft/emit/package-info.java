/**
 * Ready-made {@link dev.weft.Emitter}s: {@link dev.weft.emit.LoggingEmitter} (text or JSON lines),
 * {@link dev.weft.emit.BufferedEmitter} (a bounded in-memory buffer with queries), {@link
 * dev.weft.emit.CompositeEmitter} (several at once) and {@link dev.weft.emit.AsyncEmitter} (hands
 * events to a background thread so a slow sink never delays a run).
 *
 * <pre>{@code
 * BufferedEmitter buffer = new BufferedEmitter(10_000);
 * Engine.builder(graph).emitter(CompositeEmitter.of(LoggingEmitter.jsonLines(System.out), buffer));
 * }</pre>
 *
 * <p>Thread-safety: every emitter here is thread-safe, since the engine emits from coordinator and
 * worker threads of many runs at once.
 */
package dev.weft.emit;
