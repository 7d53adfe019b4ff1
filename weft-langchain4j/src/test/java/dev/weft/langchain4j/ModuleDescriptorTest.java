package dev.weft.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The public surface is what module-info exports: {@code dev.weft.langchain4j} only. The tests run
 * on the class path (LangChain4j has no module descriptors), so this reads the compiled descriptor
 * itself.
 */
class ModuleDescriptorTest {
  @Test
  void exportsOnlyTheApiPackage() throws IOException, URISyntaxException {
    ModuleDescriptor descriptor;
    Path classes =
        Path.of(ModelNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      descriptor = ModuleDescriptor.read(in);
    }
    assertThat(descriptor.name()).isEqualTo("dev.weft.langchain4j");
    assertThat(descriptor.exports())
        .allSatisfy(e -> assertThat(e.isQualified()).isFalse())
        .extracting(ModuleDescriptor.Exports::source)
        .containsExactly("dev.weft.langchain4j");
    assertThat(descriptor.opens()).isEmpty();
  }
}
