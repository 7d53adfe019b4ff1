/**
 * Weft core: the graph model, the engine, its policies, events and exceptions ({@code dev.weft}),
 * emitters ({@code dev.weft.emit}), the in-memory checkpoint store ({@code dev.weft.store}) and the
 * extension points other modules implement ({@code dev.weft.spi}). The engine's implementation,
 * {@code dev.weft.internal}, is not exported. Depends on {@code java.base} only.
 */
module dev.weft {
  exports dev.weft;
  exports dev.weft.emit;
  exports dev.weft.spi;
  exports dev.weft.store;
}
