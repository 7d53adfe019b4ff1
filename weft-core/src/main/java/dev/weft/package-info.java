/**
 * The Weft API: build a {@link dev.weft.Graph} of {@link dev.weft.Node}s over one state type,
 * configure an {@link dev.weft.Engine} with {@link dev.weft.Options}, and run it.
 *
 * <pre>{@code
 * Graph<Doc> graph = Graph.builder(Doc::merge)
 *     .node("fetch", fetch, NodePolicy.builder().timeout(Duration.ofSeconds(10)).build())
 *     .node("summarize", summarize)
 *     .edge("fetch", "summarize")
 *     .start("fetch")
 *     .build();
 * Engine<Doc> engine = Engine.builder(graph).store(new InMemoryCheckpointStore<>()).build();
 * try {
 *   Doc done = engine.run("doc-1", new Doc(url));
 * } catch (RunFailedException e) {
 *   engine.resume(e.runId()); // every run failure is checkpointed and resumable
 * }
 * }</pre>
 *
 * <p>Thread-safety: graphs, policies, options, results, routes and events are immutable values; an
 * engine is immutable and runs many runs at once; builders are not thread-safe (build on one
 * thread, then share what they built). Nodes and reducers run on engine threads: see {@link
 * dev.weft.Node}. Every exception is unchecked and extends {@link dev.weft.WeftException}; every
 * failed run is a {@link dev.weft.RunFailedException}.
 */
package dev.weft;
