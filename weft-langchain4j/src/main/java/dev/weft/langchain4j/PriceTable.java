package dev.weft.langchain4j;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What tokens cost, per model: an immutable table the caller supplies (Weft ships no prices and
 * keeps no global table). Prices are per million tokens in one currency of the caller's choosing.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * PriceTable prices = PriceTable.builder()
 *     .price("gpt-4o-mini", new BigDecimal("0.15"), new BigDecimal("0.60"))  // input, output
 *     .build();
 * BigDecimal cost = prices.cost("gpt-4o-mini", 1200, 300).orElseThrow();
 * }</pre>
 */
public final class PriceTable {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
  private static final PriceTable EMPTY = new PriceTable(Map.of());

  private final Map<String, Price> prices;

  private PriceTable(Map<String, Price> prices) {
    this.prices = Map.copyOf(prices);
  }

  /** A table with no prices: every cost is unknown. */
  public static PriceTable empty() {
    return EMPTY;
  }

  /** Starts an empty table. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The price of one model.
   *
   * @param inputPerMillion price of a million input (prompt) tokens
   * @param outputPerMillion price of a million output (completion) tokens
   */
  public record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
    public Price {
      Objects.requireNonNull(inputPerMillion, "inputPerMillion");
      Objects.requireNonNull(outputPerMillion, "outputPerMillion");
      if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
        throw new IllegalArgumentException(
            "a price must not be negative, was " + inputPerMillion + " / " + outputPerMillion);
      }
    }
  }

  /** The price of {@code model}, if the table has one. */
  public Optional<Price> price(String model) {
    return Optional.ofNullable(prices.get(model));
  }

  /** What {@code inputTokens} and {@code outputTokens} of {@code model} cost, if priced. */
  public Optional<BigDecimal> cost(String model, long inputTokens, long outputTokens) {
    Price p = prices.get(model);
    if (p == null) {
      return Optional.empty();
    }
    BigDecimal cost =
        p.inputPerMillion()
            .multiply(BigDecimal.valueOf(inputTokens))
            .add(p.outputPerMillion().multiply(BigDecimal.valueOf(outputTokens)))
            .divide(MILLION, MathContext.DECIMAL64);
    return Optional.of(cost.stripTrailingZeros());
  }

  /** The priced models, sorted. */
  public Map<String, Price> prices() {
    return new TreeMap<>(prices);
  }

  /** Collects prices; a later price for the same model replaces the earlier one. */
  public static final class Builder {
    private final Map<String, Price> prices = new TreeMap<>();

    private Builder() {}

    /** Prices {@code model} per million input and output tokens. */
    public Builder price(String model, BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
      Objects.requireNonNull(model, "model");
      prices.put(model, new Price(inputPerMillion, outputPerMillion));
      return this;
    }

    /** The immutable table. */
    public PriceTable build() {
      return new PriceTable(prices);
    }
  }
}
