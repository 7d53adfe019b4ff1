package dev.weft.jdbc.internal;

import dev.weft.RunStatus;
import dev.weft.StoreException;
import dev.weft.spi.Checkpoint;
import dev.weft.spi.StateCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * Checkpoints to and from rows: the state by the codec, the rest by the {@link Envelope}, with a
 * checksum over both so that a truncated or altered row is reported, never half-loaded.
 */
public final class Rows<S> {
  private final StateCodec<S> codec;
  private final Envelope<S> envelope;

  public Rows(StateCodec<S> codec) {
    this.codec = codec;
    this.envelope = new Envelope<>(codec);
  }

  /** The codec-encoded parts of one checkpoint, ready to bind (bound once, never compared). */
  @SuppressWarnings("ArrayRecordComponent")
  public record Payload(String codecId, int codecVersion, byte[] state, byte[] body, long crc) {
    /** Binds codec id, codec version, format, state, body and checksum from {@code index} on. */
    public void bind(PreparedStatement ps, int index) throws SQLException {
      ps.setString(index, codecId);
      ps.setInt(index + 1, codecVersion);
      ps.setInt(index + 2, Envelope.FORMAT);
      ps.setBytes(index + 3, state);
      ps.setBytes(index + 4, body);
      ps.setLong(index + 5, crc);
    }
  }

  /** Encodes {@code cp}; a codec failure is a {@link StoreException} naming run and step. */
  public Payload encode(Checkpoint<S> cp) {
    try {
      byte[] state = codec.encode(cp.state());
      byte[] body = envelope.write(cp);
      return new Payload(codec.id(), codec.version(), state, body, crc(state, body));
    } catch (RuntimeException e) {
      throw new StoreException(
          "run '"
              + cp.runId()
              + "' step "
              + cp.step()
              + ": the checkpoint cannot be encoded with codec '"
              + codec.id()
              + "': "
              + e.getMessage()
              + "; nothing was written",
          e);
    }
  }

  /**
   * Decodes a checkpoint from its columns starting at {@code index} (codec id, codec version,
   * format, state, body, checksum); everything is checked before anything is returned.
   */
  public Checkpoint<S> decode(
      String runId,
      long step,
      String status,
      String detail,
      Optional<Checkpoint.Origin> origin,
      ResultSet rs,
      int index,
      String where)
      throws SQLException {
    try {
      String codecId = rs.getString(index);
      int codecVersion = rs.getInt(index + 1);
      int format = rs.getInt(index + 2);
      byte[] state = rs.getBytes(index + 3);
      byte[] body = rs.getBytes(index + 4);
      long crc = rs.getLong(index + 5);
      if (codecId == null || state == null || body == null) {
        throw new IllegalArgumentException("the row lacks its encoded columns");
      }
      if (!codec.reads(codecId, codecVersion)) {
        throw new IllegalArgumentException(
            "it was written by codec '"
                + codecId
                + "' version "
                + codecVersion
                + ", which this store's codec '"
                + codec.id()
                + "' version "
                + codec.version()
                + " does not read; open the store with the codec that wrote it");
      }
      if (format != Envelope.FORMAT) {
        throw new IllegalArgumentException(
            "its body has format "
                + format
                + ", this weft-jdbc reads format "
                + Envelope.FORMAT
                + "; a newer Weft wrote it: upgrade weft-jdbc");
      }
      if (crc(state, body) != crc) {
        throw new IllegalArgumentException(
            "its checksum does not match ("
                + state.length
                + " state bytes, "
                + body.length
                + " body bytes): the row is truncated or was altered outside Weft");
      }
      RunStatus runStatus = RunStatus.valueOf(status);
      S value = codec.decode(state);
      Envelope.Parts<S> parts = envelope.read(body, runId);
      return new Checkpoint<>(
          runId,
          step,
          value,
          parts.frontier(),
          parts.completed(),
          parts.joinArrivals(),
          runStatus,
          detail,
          parts.seedRunId(),
          origin,
          parts.input());
    } catch (RuntimeException e) {
      throw new StoreException(
          "run '"
              + runId
              + "' step "
              + step
              + " in "
              + where
              + " cannot be read: "
              + e.getMessage()
              + "; nothing was loaded (delete the run, or restore the row from a backup)",
          e);
    }
  }

  static long crc(byte[] state, byte[] body) {
    CRC32C crc = new CRC32C();
    crc.update(state);
    crc.update(body);
    return crc.getValue();
  }

  /** Microseconds since the epoch, as the tables hold times. */
  public static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000L);
  }

  /** The instant of {@link #micros}. */
  public static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L),
        TimeUnit.MICROSECONDS.toNanos(Math.floorMod(micros, 1_000_000L)));
  }
}
