/**
 * Weft tracing with OpenTelemetry: {@link dev.weft.opentelemetry.TracingEmitter} turns the engine's
 * events into run and attempt spans through the OpenTelemetry API.
 */
@SuppressWarnings({
  "requires-automatic",
  "requires-transitive-automatic"
}) // the library jar has no module descriptor, only a stable name
module dev.weft.opentelemetry {
  requires transitive dev.weft;
  requires transitive io.opentelemetry.api; // in the public API
  requires transitive io.opentelemetry.context;

  exports dev.weft.opentelemetry;
}
