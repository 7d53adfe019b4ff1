package dev.weft.cli.progress;

/** Shows {@link Progress} while runs execute: redrawn in place on a terminal, or as lines. */
public interface Display extends AutoCloseable {
  /** Starts showing. */
  void start();

  /** Shows the final frame and stops; idempotent. */
  @Override
  void close();

  /** A display that shows nothing (JSON output to a pipe). */
  static Display none() {
    return new Display() {
      @Override
      public void start() {}

      @Override
      public void close() {}
    };
  }
}
