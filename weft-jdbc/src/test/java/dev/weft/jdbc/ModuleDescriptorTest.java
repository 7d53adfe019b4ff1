package dev.weft.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The public surface is what module-info exports: {@code dev.weft.jdbc}, never its internals. The
 * tests run on the class path (the JDBC drivers' test fixtures need it), so this reads the compiled
 * descriptor itself.
 */
class ModuleDescriptorTest {
  @Test
  void exportsOnlyTheApiPackage() throws IOException, URISyntaxException {
    ModuleDescriptor descriptor;
    Path classes =
        Path.of(
            JdbcCheckpointStore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      descriptor = ModuleDescriptor.read(in);
    }
    assertThat(descriptor.name()).isEqualTo("dev.weft.jdbc");
    assertThat(descriptor.exports())
        .allSatisfy(e -> assertThat(e.isQualified()).isFalse())
        .extracting(ModuleDescriptor.Exports::source)
        .containsExactly("dev.weft.jdbc");
    assertThat(descriptor.opens()).isEmpty();
    assertThat(descriptor.requires())
        .filteredOn(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
        .extracting(ModuleDescriptor.Requires::name)
        .contains("dev.weft", "java.sql");
  }
}
