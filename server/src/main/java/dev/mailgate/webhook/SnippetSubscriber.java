package dev.mailgate.webhook;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads at most {@code limit} bytes of a response body as text and stops reading there, so a
 * receiver cannot make Mailgate hold a large answer in memory; the delivery log keeps only the
 * start anyway.
 */
final class SnippetSubscriber implements HttpResponse.BodySubscriber<String> {

  private final int limit;
  private final byte[] bytes;
  private int length;
  private Flow.Subscription subscription;
  private final CompletableFuture<String> body = new CompletableFuture<>();

  SnippetSubscriber(int limit) {
    this.limit = limit;
    this.bytes = new byte[limit];
  }

  @Override
  public CompletionStage<String> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      int take = Math.min(buffer.remaining(), limit - length);
      buffer.get(bytes, length, take);
      length += take;
    }
    if (length >= limit) {
      subscription.cancel();
      complete();
    } else {
      subscription.request(1);
    }
  }

  @Override
  public void onError(Throwable error) {
    complete(); // what arrived is still worth logging
  }

  @Override
  public void onComplete() {
    complete();
  }

  private void complete() {
    body.complete(new String(Arrays.copyOf(bytes, length), StandardCharsets.UTF_8));
  }
}
