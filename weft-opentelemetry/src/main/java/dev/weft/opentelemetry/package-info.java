/**
 * Weft tracing with OpenTelemetry. A {@link dev.weft.opentelemetry.TracingEmitter} is an {@code
 * Emitter}: give it to {@code Engine.Builder.emitter} (alone or in a {@code CompositeEmitter}) and
 * every run becomes a span with a child span per node attempt.
 */
package dev.weft.opentelemetry;
