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
  static Filter of(RunQuery q, String alias) {
    List<String> terms = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    if (!q.statuses().isEmpty()) {
      terms.add(alias + "status IN (" + "?, ".repeat(q.statuses().size() - 1) + "?)");
      q.statuses().stream().map(RunStatus::name).sorted().forEach(params::add);
    }
    q.createdFrom().ifPresent(t -> add(terms, params, alias + "created_at >= ?", t));
    q.createdBefore().ifPresent(t -> add(terms, params, alias + "created_at < ?", t));
    q.updatedFrom().ifPresent(t -> add(terms, params, alias + "updated_at >= ?", t));
    q.updatedBefore().ifPresent(t -> add(terms, params, alias + "updated_at < ?", t));
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
