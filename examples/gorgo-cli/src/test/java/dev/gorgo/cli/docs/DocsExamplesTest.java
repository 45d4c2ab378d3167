package dev.gorgo.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocsExamplesTest {
  private static final Path SOURCE =
      Path.of("src/test/java/dev/gorgo/cli/docs/GatewayExample.java");
  private static final Path DOC = Path.of("../../README.md");

  @Test
  void embeddingExampleRoutesToTheNearReplica() throws Exception {
    URI target = GatewayExample.routeOnce("r1", "You are a helpful assistant. Hello!", "alice");
    assertThat(target).isEqualTo(URI.create("http://10.0.0.5:30000"));
  }

  @Test
  void docsShowTheCompiledExampleVerbatim() throws IOException {
    List<String> lines = Files.readAllLines(SOURCE);
    int begin = indexOf(lines, "// docs:begin") + 1;
    int end = indexOf(lines, "// docs:end");
    String indent = lines.get(begin).replaceAll("\\S.*", "");
    StringBuilder snippet = new StringBuilder();
    for (String line : lines.subList(begin, end)) {
      snippet.append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip());
      snippet.append('\n');
    }
    assertThat(Files.readString(DOC)).contains(snippet.toString());
  }

  private static int indexOf(List<String> lines, String marker) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(marker)) {
        return i;
      }
    }
    throw new AssertionError("marker " + marker + " missing in " + SOURCE);
  }
}
