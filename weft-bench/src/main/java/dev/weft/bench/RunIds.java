package dev.weft.bench;

/**
 * A ring of precomputed run ids, so that no benchmark pays for building a string per operation.
 * Every workload that checkpoints deletes its run at the end of the operation, so an id that comes
 * round again names a new run.
 */
public final class RunIds {
  private static final int SIZE = 1 << 16;
  private final String[] ids = new String[SIZE];
  private int next;

  /** Ids {@code prefix-0} to {@code prefix-65535}. */
  public RunIds(String prefix) {
    for (int i = 0; i < SIZE; i++) {
      ids[i] = prefix + "-" + i;
    }
  }

  /** The next id of the ring. */
  public String next() {
    String id = ids[next];
    next = (next + 1) & (SIZE - 1);
    return id;
  }
}
