package dev.weft.langchain4j;

import dev.weft.PermanentException;

/**
 * {@link HttpTool} refused a request: an address the guard forbids, a method or scheme not allowed,
 * too many redirects, or a response over the size limit. Permanent: retrying the same request
 * cannot help. In an {@link Agent} the model sees the message and can try something else.
 *
 * <pre>{@code
 * try {
 *   http.send("GET", url, null);
 * } catch (HttpToolException refused) {
 *   log.warn(refused.getMessage());
 * }
 * }</pre>
 */
public class HttpToolException extends PermanentException {
  /** Creates the exception. */
  public HttpToolException(String message) {
    super(message);
  }
}
