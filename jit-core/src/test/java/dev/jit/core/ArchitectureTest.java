package dev.jit.core;

import static com.tngtech.archunit.base.DescribedPredicate.anyElementThat;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noCodeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries the build must keep: jit-core and jit-spi stay free of Slack, cloud SDKs
 * and JDBC; jit-spi depends on the JDK only; time comes from the injected clock; internal code
 * stays internal. Runs over the main classes of both modules (jit-spi from its jar).
 */
class ArchitectureTest {
  private static final String CORE = "dev.jit.core..";
  private static final String SPI = "dev.jit.spi..";
  private static final String INTERNAL = "dev.jit.core.internal..";

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.jit.core", "dev.jit.spi");
  }

  @Test
  @DisplayName("jit-core and jit-spi use no Slack, cloud, Kubernetes, JDBC or database classes")
  void noIntegrationDependencies() {
    noClasses()
        .that()
        .resideInAnyPackage(CORE, SPI)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.slack..",
            "software.amazon..",
            "com.okta..",
            "io.fabric8..",
            "io.kubernetes..",
            "java.sql..",
            "javax.sql..",
            "org.postgresql..",
            "org.mariadb..",
            "org.h2..",
            "org.flywaydb..")
        .because("those belong in jit-slack and the jit-adapters-* modules")
        .check(classes);
  }

  @Test
  @DisplayName("jit-spi depends on nothing but the JDK and itself")
  void spiDependsOnJdkOnly() {
    classes()
        .that()
        .resideInAPackage(SPI)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", SPI)
        .because("every adapter depends on jit-spi, so it must not bring anything along")
        .check(classes);
  }

  @Test
  @DisplayName(
      "jit-core and jit-spi never read the system clock; time comes from the injected Clock")
  void noSystemTime() {
    noClasses()
        .that()
        .resideInAnyPackage(CORE, SPI)
        .should()
        .callMethod(Instant.class, "now")
        .orShould()
        .callMethod(LocalDateTime.class, "now")
        .orShould()
        .callMethod(LocalDate.class, "now")
        .orShould()
        .callMethod(LocalTime.class, "now")
        .orShould()
        .callMethod(ZonedDateTime.class, "now")
        .orShould()
        .callMethod(OffsetDateTime.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .because("tests move a controllable clock instead of sleeping")
        .check(classes);
  }

  @Test
  @DisplayName("only JitEngineBuilder's default creates a system Clock")
  void systemClockOnlyAsBuilderDefault() {
    noClasses()
        .that()
        .resideInAnyPackage(CORE, SPI)
        .should()
        .callMethodWhere(systemClockOutsideBuilderDefault())
        .because(
            "the engine must run on the clock it is given; the builder default is the only one")
        .check(classes);
  }

  @Test
  @DisplayName("dev.jit.core.internal is used only from jit-core")
  void internalUsedOnlyFromCore() {
    classes()
        .that()
        .resideInAPackage(INTERNAL)
        .should()
        .onlyHaveDependentClassesThat()
        .resideInAPackage(CORE)
        .because("jit-spi and the modules built on it must not reach into the engine's internals")
        .check(classes);
  }

  @Test
  @DisplayName("the only internal package is dev.jit.core.internal")
  void internalPackagesLiveUnderCoreInternal() {
    classes()
        .that()
        .resideInAPackage("..internal..")
        .should()
        .resideInAPackage(INTERNAL)
        .because("internal code is excluded from Javadoc and API checks by that one package name")
        .check(classes);
  }

  @Test
  @DisplayName("no public method, constructor or field outside internal exposes an internal type")
  void publicApiDoesNotExposeInternals() {
    noCodeUnits()
        .that()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .resideOutsideOfPackage(INTERNAL)
        .should()
        .haveRawReturnType(resideInAPackage(INTERNAL))
        .orShould()
        .haveRawParameterTypes(anyElementThat(resideInAPackage(INTERNAL)))
        .check(classes);
    noFields()
        .that()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .resideOutsideOfPackage(INTERNAL)
        .should()
        .haveRawType(resideInAPackage(INTERNAL))
        .check(classes);
  }

  /** A call of a {@code Clock.system*} factory anywhere but the constructor of the builder. */
  private static DescribedPredicate<JavaMethodCall> systemClockOutsideBuilderDefault() {
    return DescribedPredicate.describe(
        "a Clock.system* factory outside JitEngineBuilder's field default",
        call ->
            call.getTargetOwner().isEquivalentTo(Clock.class)
                && call.getName().startsWith("system")
                && !(call.getOriginOwner().isEquivalentTo(JitEngineBuilder.class)
                    && call.getOrigin().isConstructor()));
  }
}
