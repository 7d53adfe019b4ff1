package dev.weft.langchain4j;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** A response body collected into memory up to a limit; one byte more cancels the exchange. */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final long limit;
  private final String uri;
  private Flow.Subscription subscription;

  LimitedBody(long limit, String uri) {
    this.limit = limit;
    this.uri = uri;
  }

  static HttpResponse.BodyHandler<byte[]> handler(long limit, String uri) {
    return info -> {
      LimitedBody subscriber = new LimitedBody(limit, uri);
      long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (declared > limit) {
        subscriber.tooLarge(" (Content-Length " + declared + ")");
      }
      return subscriber;
    };
  }

  private void tooLarge(String detail) {
    body.completeExceptionally(
        new HttpToolException(
            "response from "
                + uri
                + " is larger than the limit of "
                + limit
                + " bytes"
                + detail
                + "; raise HttpTool.Builder.maxResponseBytes if it is expected"));
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (body.isDone()) {
      s.cancel();
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (body.isDone()) {
      return;
    }
    for (ByteBuffer b : buffers) {
      if (bytes.size() + (long) b.remaining() > limit) {
        subscription.cancel();
        tooLarge("");
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      bytes.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public void onError(Throwable t) {
    body.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    body.complete(bytes.toByteArray());
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }
}
