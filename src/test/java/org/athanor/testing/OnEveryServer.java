package org.athanor.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Run the annotated test once on every server engine of {@code ATHANOR_TEST_DATABASES} (PostgreSQL, MariaDB; not
 * H2): for what H2 cannot do, such as several processes sharing one installation, or a server refusing a login.
 *
 * <p>Parameters as for {@link OnEveryEngine}. When no server engine is listed, the test is reported once as skipped,
 * or failed under {@code CI=true}.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(EnginesExtension.class)
public @interface OnEveryServer {}
