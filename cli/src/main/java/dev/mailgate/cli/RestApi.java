package dev.mailgate.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mailgate's REST API as the CLI uses it: JSON in and out, the API token as bearer token, and each
 * refusal turned into an {@link ApiException} carrying Mailgate's own sentence and the field.
 */
final class RestApi {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private final Connection connection;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  RestApi(Connection connection) {
    this.connection = connection;
  }

  JsonNode get(String path) {
    return JSON.readTree(text(send(request(path).GET())));
  }

  JsonNode post(String path, String json) {
    HttpResponse<byte[]> response =
        send(
            request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json)));
    byte[] body = response.body();
    return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(text(response));
  }

  JsonNode put(String path, String json) {
    HttpResponse<byte[]> response =
        send(
            request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json == null ? "" : json)));
    byte[] body = response.body();
    return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(text(response));
  }

  void delete(String path) {
    send(request(path).DELETE());
  }

  byte[] bytes(String path) {
    return send(request(path).GET()).body();
  }

  private HttpRequest.Builder request(String path) {
    if (connection.token() == null) {
      throw new ApiException(
          Exit.NOT_AUTHORIZED,
          "No API token: set MAILGATE_API_TOKEN, or token= in the config file"
              + " (~/.config/mailgate/cli.properties). Create one in the admin UI under Integrations >"
              + " API tokens.");
    }
    return HttpRequest.newBuilder(connection.url().resolve(path))
        .timeout(Duration.ofSeconds(60))
        .header("Accept", "application/json, application/problem+json, */*")
        .header("Authorization", "Bearer " + connection.token());
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new ApiException(
          Exit.UNAVAILABLE,
          "Mailgate does not answer at " + connection.url() + " (connection refused).");
    } catch (HttpTimeoutException e) {
      throw new ApiException(Exit.UNAVAILABLE, "Mailgate at " + connection.url() + " timed out.");
    } catch (IOException e) {
      throw new ApiException(
          Exit.UNAVAILABLE, "Mailgate at " + connection.url() + " cannot be reached: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(Exit.UNAVAILABLE, "Interrupted.");
    }
    if (response.statusCode() >= 300) {
      throw new ApiException(ApiException.exitCodeFor(response.statusCode()), problem(response));
    }
    return response;
  }

  /** Mailgate's problem detail in one sentence: its detail, the field at fault, the status. */
  private static String problem(HttpResponse<byte[]> response) {
    String detail = "HTTP " + response.statusCode();
    try {
      JsonNode problem = JSON.readTree(text(response));
      StringBuilder text = new StringBuilder(problem.path("detail").asString(detail));
      if (problem.hasNonNull("field")) {
        text.append(" (field: ").append(problem.path("field").asString()).append(')');
      }
      return text + " [" + response.statusCode() + "]";
    } catch (RuntimeException notJson) {
      return detail;
    }
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }
}
