package dev.jit.slack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.view.View;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.jit.core.JitEngine;
import dev.jit.slack.internal.Buttons;
import dev.jit.slack.internal.Fmt;
import dev.jit.slack.internal.Limits;
import dev.jit.slack.internal.Modals;
import dev.jit.slack.internal.RequestFormParser;
import dev.jit.slack.internal.RequestFormValidator;
import dev.jit.slack.internal.StatusLine;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of jit-slack: its internal package stays its own, renderers stay pure functions of
 * snapshots (no Bolt, no Web API client, no engine, no logging), and time comes from an injected
 * clock. Runs over the main classes of jit-slack and of the jit modules on its test classpath
 * (jit-core, jit-spi, the test kits), which must not reach into it either.
 */
class ArchitectureTest {
  private static final String INTERNAL = "dev.jit.slack.internal..";

  /** jit-slack's packages; dev.jit.slack.testkit is another module. */
  private static final String[] SLACK_MODULE = {"dev.jit.slack", INTERNAL};

  /** Everything that turns snapshots into Block Kit or form values into errors: pure code. */
  private static final List<Class<?>> PURE =
      List.of(
          RequestModal.class,
          RequestForm.class,
          RequestFormParser.class,
          RequestFormValidator.class,
          ApprovalMessage.class,
          ApproverMessages.class,
          RequesterMessages.class,
          Escalations.class,
          BreakGlassMessages.class,
          ExtensionMessages.class,
          AmendmentModals.class,
          Modals.class,
          BreakGlassModal.class,
          dev.jit.slack.internal.Awaiting.class,
          dev.jit.slack.internal.ExtensionChoices.class,
          AppHome.class,
          DenyReasonModal.class,
          Surfaces.class,
          SlackMessage.class,
          ResourceDisplay.class,
          Mrkdwn.class,
          StatusLine.class,
          Buttons.class,
          Fmt.class,
          Limits.class);

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.jit");
  }

  @Test
  @DisplayName("dev.jit.slack.internal is used only from jit-slack's own packages")
  void internalStaysInternal() {
    classes()
        .that()
        .resideInAPackage(INTERNAL)
        .should()
        .onlyHaveDependentClassesThat()
        .resideInAnyPackage(SLACK_MODULE)
        .because("embedders and other modules use jit-slack through dev.jit.slack only")
        .check(classes);
  }

  @Test
  @DisplayName(
      "renderers and the modal's parser and validator use no Bolt, Web API client, engine or log")
  void renderersArePure() {
    noClasses()
        .that(pure())
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.slack.api.bolt..",
            "com.slack.api.methods..",
            "com.slack.api.socket_mode..",
            "org.slf4j..",
            "java.net..",
            "java.util.concurrent..")
        .orShould()
        .dependOnClassesThat()
        .belongToAnyOf(JitEngine.class)
        .because("renderers are functions of a snapshot; the listeners do the I/O")
        .check(classes);
  }

  @Test
  @DisplayName("every class that renders a view or a message is held to the pure rule")
  void everyRendererIsListed() {
    List<String> rendering =
        classes.stream()
            .filter(c -> c.getPackageName().startsWith("dev.jit.slack"))
            .filter(
                c ->
                    c.getMethods().stream()
                        .anyMatch(
                            m ->
                                m.getModifiers().contains(JavaModifier.STATIC)
                                    && (m.getRawReturnType().isEquivalentTo(View.class)
                                        || m.getRawReturnType()
                                            .isEquivalentTo(SlackMessage.class))))
            .map(JavaClass::getName)
            .toList();
    assertThat(rendering)
        .contains(RequestModal.class.getName(), AppHome.class.getName())
        .allSatisfy(n -> assertThat(PURE).extracting(Class::getName).contains(n));
  }

  @Test
  @DisplayName("nothing in jit-slack reads the wall clock; time comes from an injected Clock")
  void noSystemTime() {
    noClasses()
        .that()
        .resideInAnyPackage(SLACK_MODULE)
        .should()
        .callMethodWhere(wallClock())
        .because("tests move a controllable clock instead of sleeping")
        .check(classes);
  }

  private static DescribedPredicate<JavaClass> pure() {
    return DescribedPredicate.describe(
        "are renderers or the modal's parser and validator",
        c ->
            PURE.stream()
                .anyMatch(p -> c.isEquivalentTo(p) || c.getName().startsWith(p.getName() + "$")));
  }

  /**
   * {@code now()} of a {@code java.time} type, {@code System.currentTimeMillis()}, or a {@code
   * Clock.system*} factory anywhere but a builder's constructor (a field default the embedder
   * replaces).
   */
  private static DescribedPredicate<JavaMethodCall> wallClock() {
    return DescribedPredicate.describe(
        "a read of the wall clock",
        call -> {
          JavaClass owner = call.getTargetOwner();
          String name = call.getName();
          boolean now = owner.getPackageName().equals("java.time") && name.equals("now");
          boolean millis = owner.isEquivalentTo(System.class) && name.equals("currentTimeMillis");
          boolean systemClock =
              owner.isEquivalentTo(Clock.class)
                  && name.startsWith("system")
                  && !(call.getOriginOwner().getSimpleName().equals("Builder")
                      && call.getOrigin().isConstructor());
          return now || millis || systemClock;
        });
  }
}
