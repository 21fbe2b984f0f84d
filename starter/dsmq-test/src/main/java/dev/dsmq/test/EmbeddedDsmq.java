package dev.dsmq.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Run a real dsmq server for the annotated test class, in the test's JVM, on a free port of loopback (see
 * {@link EmbeddedDsmqServer}).
 * <p>
 * In a Spring test ({@code @SpringBootTest}, {@code @SpringJUnitConfig}, ...) the server starts with the test's
 * application context and stops with it, is a bean of it, and {@code dsmq.client.host} and {@code dsmq.client.port}
 * point the dsmq starter at it; test classes that share a context share its server. In a plain JUnit test the server
 * runs for the class. Either way a test method or constructor may take the {@link EmbeddedDsmqServer} as a
 * parameter.
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;EmbeddedDsmq
 * class OrderFlowTests {
 *
 *     &#64;Autowired
 *     DsmqTemplate dsmq;
 *
 *     ...
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EmbeddedDsmqExtension.class)
public @interface EmbeddedDsmq {

	/**
	 * Properties of the server, each {@code name=value}, such as {@code "dsmq.auth.token=secret"} or
	 * {@code "dsmq.groups.max-retrievals=3"}; in a Spring test {@code ${...}} placeholders are resolved against the
	 * test's environment first.
	 */
	String[] properties() default {};

	/**
	 * The port the server listens on; 0, the default, for a free one.
	 */
	int port() default 0;

}
