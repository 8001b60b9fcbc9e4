package dev.jit.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The boundaries between jit's modules, checked over every jit class the composition root sees:
 * each module's {@code .internal} package is its own, adapters know nothing of Slack or of each
 * other, and the library modules know nothing of the app.
 */
class ModuleBoundariesTest {
  private static JavaClasses jit;

  @BeforeAll
  static void importJit() {
    jit =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.jit");
    for (String present :
        List.of(
            "dev.jit.core.internal.Commands",
            "dev.jit.slack.JitSlack",
            "dev.jit.jdbc.DatabaseRoleBackend",
            "dev.jit.app.Main",
            "dev.jit.report.EvidenceReport")) {
      if (!jit.contain(present)) {
        throw new AssertionError(
            present + " was not imported: the rules below would check nothing");
      }
    }
  }

  static List<String> modules() {
    return List.of("core", "slack", "jdbc", "aws", "okta", "k8s", "report", "app", "http.testkit");
  }

  @ParameterizedTest(name = "dev.jit.{0}")
  @MethodSource("modules")
  @DisplayName("a module's internal package is used by that module only")
  void internalStaysInternal(String module) {
    String root = "dev.jit." + module;
    noClasses()
        .that()
        .resideOutsideOfPackage(root + "..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(root + ".internal..")
        .allowEmptyShould(true)
        .check(jit);
  }

  static List<String> adapters() {
    return List.of("jdbc", "aws", "okta", "k8s");
  }

  @ParameterizedTest(name = "dev.jit.{0}")
  @MethodSource("adapters")
  @DisplayName("an adapter depends on neither Slack, the app, nor another adapter")
  void adaptersStandAlone(String adapter) {
    List<String> others =
        adapters().stream()
            .filter(a -> !a.equals(adapter))
            .map(a -> "dev.jit." + a + "..")
            .toList();
    String[] forbidden =
        java.util.stream.Stream.concat(
                others.stream(), java.util.stream.Stream.of("dev.jit.slack..", "dev.jit.app.."))
            .toArray(String[]::new);
    noClasses()
        .that()
        .resideInAPackage("dev.jit." + adapter + "..")
        .and()
        .resideOutsideOfPackage("dev.jit." + adapter + ".testkit..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden)
        .allowEmptyShould(true)
        .check(jit);
  }

  @org.junit.jupiter.api.Test
  @DisplayName(
      "the report reads the audit trail through the SPI and core only: no Slack, adapter or app")
  void reportStandsAlone() {
    noClasses()
        .that()
        .resideInAPackage("dev.jit.report..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.jit.slack..",
            "dev.jit.jdbc..",
            "dev.jit.aws..",
            "dev.jit.okta..",
            "dev.jit.k8s..",
            "dev.jit.app..")
        .check(jit);
  }

  @org.junit.jupiter.api.Test
  @DisplayName("the library modules do not depend on the reference app")
  void libraryIgnoresTheApp() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.jit.app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.jit.app..")
        .check(jit);
  }
}
