package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

/** The public surface is what module-info exports: the API packages, never the internals. */
class ModuleTest {
  @Test
  void weftCoreExportsOnlyItsApiPackagesAndNeedsOnlyJavaBase() {
    Module module = Engine.class.getModule();
    assertThat(module.isNamed()).as("tests run on the module path").isTrue();
    ModuleDescriptor descriptor = module.getDescriptor();
    assertThat(descriptor.name()).isEqualTo("dev.weft");
    assertThat(descriptor.exports())
        .allSatisfy(e -> assertThat(e.isQualified()).isFalse())
        .extracting(ModuleDescriptor.Exports::source)
        .containsExactlyInAnyOrder("dev.weft", "dev.weft.emit", "dev.weft.spi", "dev.weft.store");
    assertThat(descriptor.requires())
        .extracting(ModuleDescriptor.Requires::name)
        .containsExactly("java.base");
    assertThat(module.isExported("dev.weft.internal")).isFalse();
  }
}
