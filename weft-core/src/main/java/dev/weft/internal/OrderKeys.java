package dev.weft.internal;

/**
 * Order keys and deterministic seeds. An activation's key hashes (parent key, route index, node id,
 * step), so keys depend on the path taken, never on timing; ties are broken by node id.
 */
public final class OrderKeys {
  private OrderKeys() {}

  /** The key of the start activation. */
  public static long root(long nodeHash) {
    return child(0L, 0, nodeHash, 0);
  }

  /** The key of an activation created by route {@code routeIndex} of {@code parentKey}. */
  public static long child(long parentKey, int routeIndex, long nodeHash, long step) {
    long h = mix(parentKey ^ 0x9E3779B97F4A7C15L);
    h = mix(h ^ routeIndex);
    h = mix(h ^ nodeHash);
    return mix(h ^ step);
  }

  /** A seed from (run, order key, attempt) for {@code ctx.random()} and backoff jitter. */
  public static long seed(long runHash, long orderKey, int attempt) {
    return mix(mix(runHash ^ mix(orderKey)) ^ attempt);
  }

  /** A 64-bit hash of a string that is the same in every JVM (FNV-1a over chars, then mixed). */
  public static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** A uniform double in [0, 1) from a seed. */
  public static double unit(long seed) {
    return (mix(seed) >>> 11) * 0x1.0p-53;
  }

  /** The SplitMix64 finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
