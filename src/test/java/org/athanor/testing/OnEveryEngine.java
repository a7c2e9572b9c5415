package org.athanor.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Run the annotated test once on every engine of {@code ATHANOR_TEST_DATABASES} (H2 always), reported as "on H2",
 * "on POSTGRESQL", "on MARIADB".
 *
 * <p>The test and its {@code @BeforeEach}/{@code @AfterEach} methods may declare a parameter of type
 * {@link org.athanor.db.Engine} and one of type {@link EngineUnderTest}, which makes fresh databases and installations
 * on the engine and drops them after the test ({@code @BeforeEach} only when every test of the class runs on engines).
 * A listed server that cannot be reached skips the invocation, or fails it under {@code CI=true}.
 *
 * <p>A test whose engine is one of several parameters (engine x release, engine x compression) stays a
 * {@code @ParameterizedTest} over {@link TestDatabases#engines()} and cleans up through what it opened.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(EnginesExtension.class)
public @interface OnEveryEngine {}
