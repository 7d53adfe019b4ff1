/**
 * Durable checkpoint stores over JDBC: {@link dev.weft.jdbc.JdbcStores#sqlite SQLite} (the embedded
 * default) and {@link dev.weft.jdbc.JdbcStores#postgres PostgreSQL}, with Flyway migrations and
 * {@link dev.weft.jdbc.JacksonStateCodec}, a JSON state codec that never lets stored data choose a
 * class.
 *
 * <pre>{@code
 * try (JdbcCheckpointStore<Doc> store = JdbcStores.sqlite(Path.of("runs.db"), Doc.class)) {
 *   Engine.builder(graph).store(store).build().run("run-1", doc);
 *   store.runs(RunQuery.all()).forEach(System.out::println);
 * }
 * }</pre>
 */
package dev.weft.jdbc;
