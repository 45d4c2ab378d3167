package dev.gorgo.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Asks a server which model it serves ({@code GET /v1/models}). */
final class ModelDiscovery {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelDiscovery() {}

  /** The first model id, or {@code null} when the server does not say (any failure). */
  static String firstModel(URI target, Map<String, String> headers) {
    HttpUrl base = HttpUrl.get(target.toString());
    String path = base.encodedPath().replaceAll("/+$", "");
    if (path.endsWith("/v1")) {
      path = path.substring(0, path.length() - 3);
    }
    HttpUrl url = base.newBuilder().encodedPath(path + "/v1/models").build();
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(3, TimeUnit.SECONDS)
            .readTimeout(5, TimeUnit.SECONDS)
            .build();
    Request.Builder rb = new Request.Builder().url(url).get();
    headers.forEach(rb::header);
    try (Response response = http.newCall(rb.build()).execute()) {
      if (response.code() != 200) {
        return null;
      }
      JsonNode id = JSON.readTree(response.body().byteStream()).path("data").path(0).path("id");
      return id.isTextual() ? id.asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
