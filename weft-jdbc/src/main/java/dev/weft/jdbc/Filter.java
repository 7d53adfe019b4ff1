package dev.weft.jdbc;

import dev.weft.RunStatus;
import dev.weft.jdbc.internal.Rows;
import dev.weft.store.RunQuery;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The WHERE clause of a {@link RunQuery}'s filters, with its parameters (never spliced in). */
record Filter(String where, List<Object> params) {
  /**
   * The filter over runs aliased {@code r}; {@code updatedAt} is the SQL of a run's last change.
   */
  static Filter of(RunQuery q, String updatedAt) {
    List<String> terms = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    if (!q.statuses().isEmpty()) {
      terms.add("r.status IN (" + "?, ".repeat(q.statuses().size() - 1) + "?)");
      q.statuses().stream().map(RunStatus::name).sorted().forEach(params::add);
    }
    q.createdFrom().ifPresent(t -> add(terms, params, "r.created_at >= ?", t));
    q.createdBefore().ifPresent(t -> add(terms, params, "r.created_at < ?", t));
    q.updatedFrom().ifPresent(t -> add(terms, params, updatedAt + " >= ?", t));
    q.updatedBefore().ifPresent(t -> add(terms, params, updatedAt + " < ?", t));
    return new Filter(terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms), params);
  }

  private static void add(
      List<String> terms, List<Object> params, String term, java.time.Instant t) {
    terms.add(term);
    params.add(Rows.micros(t));
  }

  /** Binds the parameters from index 1 and returns the next free index. */
  int bind(PreparedStatement ps) throws SQLException {
    int i = 1;
    for (Object p : params) {
      if (p instanceof Long l) {
        ps.setLong(i++, l);
      } else {
        ps.setString(i++, (String) p);
      }
    }
    return i;
  }
}
