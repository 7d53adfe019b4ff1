package dev.weft.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.weft.PermanentException;
import dev.weft.TransientException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Sorts a model call's failure into what Weft's {@link dev.weft.RetryPolicy} understands: a {@link
 * TransientException} (retried with Weft's backoff) or a {@link PermanentException} (never
 * retried), keeping the provider's own message and the original exception as the cause.
 *
 * <table>
 *   <caption>Classification</caption>
 *   <tr><th>failure</th><th>kind</th></tr>
 *   <tr><td>HTTP 408, 409, 429, 5xx; LangChain4j {@code RateLimitException}, {@code
 *       InternalServerException}, {@code TimeoutException}</td><td>transient</td></tr>
 *   <tr><td>timeouts ({@code HttpTimeoutException}, {@code SocketTimeoutException}), connection
 *       refused or reset, any other {@code IOException}</td><td>transient</td></tr>
 *   <tr><td>HTTP 401, 403 ({@code AuthenticationException})</td><td>permanent</td></tr>
 *   <tr><td>HTTP 400, 404, 413, 422 and other 4xx ({@code InvalidRequestException}, {@code
 *       ModelNotFoundException})</td><td>permanent</td></tr>
 *   <tr><td>content refused ({@code ContentFilteredException}, finish reason {@code
 *       CONTENT_FILTER})</td><td>permanent</td></tr>
 *   <tr><td>anything else</td><td>unchanged: the engine's rules apply</td></tr>
 * </table>
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * try {
 *   return model.chat(request);
 * } catch (RuntimeException e) {
 *   throw ModelFailures.classify("gpt-4o-mini", e);
 * }
 * }</pre>
 */
public final class ModelFailures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelFailures() {}

  /** What a failure is, for Weft's retry policy. */
  public enum Kind {
    /** Worth retrying: the provider or the network may answer next time. */
    TRANSIENT,
    /** Retrying cannot help: fix the request, the key or the content. */
    PERMANENT,
    /** Not a provider failure; left to the engine's rules. */
    UNKNOWN
  }

  /** The kind of {@code failure}, looking through its causes. */
  public static Kind kindOf(Throwable failure) {
    Integer status = httpStatus(failure);
    if (status != null) {
      return status == 408 || status == 409 || status == 429 || status >= 500
          ? Kind.TRANSIENT
          : Kind.PERMANENT;
    }
    for (Throwable t : causes(failure)) {
      if (t instanceof ContentFilteredException
          || t instanceof AuthenticationException
          || t instanceof InvalidRequestException
          || t instanceof ModelNotFoundException
          || t instanceof UnresolvedModelServerException
          || t instanceof NonRetriableException
          || t instanceof PermanentException) {
        return Kind.PERMANENT;
      }
      if (t instanceof RetriableException
          || t instanceof TransientException
          || t instanceof HttpTimeoutException
          || t instanceof InterruptedIOException // SocketTimeoutException
          || t instanceof TimeoutException
          || t instanceof ClosedChannelException
          || t instanceof IOException) {
        return Kind.TRANSIENT;
      }
    }
    return Kind.UNKNOWN;
  }

  /**
   * {@code failure} as Weft should see it: a {@link TransientException} or {@link
   * PermanentException} whose message names the model, the HTTP status when there is one and the
   * provider's own message; {@code failure} unchanged when it is not a provider failure.
   */
  public static RuntimeException classify(String model, Throwable failure) {
    Kind kind = kindOf(failure);
    if (kind == Kind.UNKNOWN) {
      return failure instanceof RuntimeException r ? r : new RuntimeException(failure);
    }
    if (failure instanceof TransientException || failure instanceof PermanentException) {
      return (RuntimeException) failure;
    }
    Integer status = httpStatus(failure);
    String message =
        "model '"
            + model
            + "' call failed"
            + (status == null ? "" : " with HTTP " + status)
            + " ("
            + (kind == Kind.TRANSIENT
                ? "transient, retried by the node's RetryPolicy"
                : "permanent")
            + "): "
            + providerMessage(failure);
    return kind == Kind.TRANSIENT
        ? new TransientException(message, failure)
        : new PermanentException(message, failure);
  }

  /** {@code failure} and its causes, outermost first (at most 32: cause cycles end there). */
  private static List<Throwable> causes(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failure; t != null && chain.size() < 32; t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  /** The HTTP status of the first {@link HttpException} among the causes, or {@code null}. */
  static Integer httpStatus(Throwable failure) {
    for (Throwable t : causes(failure)) {
      if (t instanceof HttpException http) {
        return http.statusCode();
      }
    }
    return null;
  }

  /**
   * The provider's message: OpenAI-style bodies {@code {"error":{"message":…}}} are unwrapped, any
   * other text is kept as it is (cut at 500 characters).
   */
  static String providerMessage(Throwable failure) {
    Throwable root = failure;
    for (Throwable t : causes(failure)) {
      root = t;
      if (t instanceof HttpException) {
        break;
      }
    }
    String text = root.getMessage() == null ? root.getClass().getName() : root.getMessage();
    try {
      JsonNode error = JSON.readTree(text).path("error");
      JsonNode message = error.isTextual() ? error : error.path("message");
      if (message.isTextual() && !message.asText().isBlank()) {
        text = message.asText();
      }
    } catch (IOException | RuntimeException notJson) {
      // plain text: keep it
    }
    return text.length() > 500 ? text.substring(0, 500) + "…" : text;
  }
}
