package dev.jit.app;

import dev.jit.jdbc.Dialect;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The test runs once per real database server jit supports, given its {@link Dialect}. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@EnumSource(
    value = Dialect.class,
    names = {"POSTGRESQL", "MARIADB"})
@interface OnEachServer {}
