/**
 * Weft's durable checkpoint store over JDBC: {@link dev.weft.jdbc.JdbcCheckpointStore} on SQLite
 * (the embedded default) and PostgreSQL, schema by Flyway migrations, states through {@link
 * dev.weft.jdbc.JacksonStateCodec}. The JDBC plumbing, {@code dev.weft.jdbc.internal}, is not
 * exported. On the module path, open the packages of your state types to {@code
 * com.fasterxml.jackson.databind} so the codec can read and write them.
 */
@SuppressWarnings({
  "requires-automatic",
  "requires-transitive-automatic"
}) // pgjdbc, HikariCP's pool and Flyway are automatic modules with stable names
module dev.weft.jdbc {
  requires transitive dev.weft;
  requires transitive java.sql; // DataSource in the builder's API
  requires transitive com.fasterxml.jackson.databind; // TypeReference, ObjectMapper in the codec
  requires com.fasterxml.jackson.datatype.jsr310;
  requires com.fasterxml.jackson.module.paramnames;
  requires org.xerial.sqlitejdbc;
  requires org.postgresql.jdbc;
  requires com.zaxxer.hikari;
  requires flyway.core;

  exports dev.weft.jdbc;
}
