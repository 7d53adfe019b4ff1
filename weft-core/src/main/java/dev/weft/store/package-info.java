/**
 * The {@link dev.weft.spi.CheckpointStore} that ships with the core: {@link
 * dev.weft.store.InMemoryCheckpointStore}, for tests, examples and runs that need resume only
 * within one process.
 *
 * <pre>{@code
 * Engine.builder(graph).store(new InMemoryCheckpointStore<>()).build();
 * }</pre>
 *
 * <p>Thread-safety: the store is thread-safe and may be shared by engines in one process.
 */
package dev.weft.store;
