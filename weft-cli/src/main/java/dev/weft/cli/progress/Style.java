package dev.weft.cli.progress;

/** ANSI styles, or nothing when colour is off. Immutable. */
public record Style(boolean on) {
  private String wrap(String code, String s) {
    return on ? "\033[" + code + "m" + s + "\033[0m" : s;
  }

  public String bold(String s) {
    return wrap("1", s);
  }

  public String dim(String s) {
    return wrap("2", s);
  }

  public String green(String s) {
    return wrap("32", s);
  }

  public String red(String s) {
    return wrap("31", s);
  }

  public String yellow(String s) {
    return wrap("33", s);
  }

  public String cyan(String s) {
    return wrap("36", s);
  }

  /** A run phase in its colour. */
  public String phase(RunView.Phase p) {
    String name = p.name().toLowerCase(java.util.Locale.ROOT);
    return switch (p) {
      case COMPLETED -> green(name);
      case FAILED, CANCELLED -> red(name);
      case PAUSED -> yellow(name);
      default -> cyan(name);
    };
  }
}
