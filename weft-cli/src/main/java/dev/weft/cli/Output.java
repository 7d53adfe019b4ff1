package dev.weft.cli;

/** The output formats of {@code -o}. */
public enum Output {
  text,
  json,
  jsonl
}
