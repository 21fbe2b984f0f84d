package dev.dsmq.test;

import java.util.Arrays;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The JUnit side of {@link EmbeddedDsmq}: runs the server of a plain test class, and hands it to tests that ask for
 * an {@link EmbeddedDsmqServer} parameter. In a Spring test the server belongs to the application context
 * ({@link EmbeddedDsmqContextCustomizerFactory}), and this only looks it up there.
 */
final class EmbeddedDsmqExtension implements BeforeAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(EmbeddedDsmqExtension.class);

	private static final String SERVER = "server";

	@Override
	public void beforeAll(ExtensionContext context) {
		if (isSpringTest(context) || server(context) != null) {
			// a Spring context starts its own; a nested class uses the one of the class around it
			return;
		}
		EmbeddedDsmq embedded = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), EmbeddedDsmq.class)
			.orElseThrow(() -> new IllegalStateException(
					"@EmbeddedDsmq is not on " + context.getRequiredTestClass().getName()));
		// the store closes what it holds, and so stops the server, once the class's tests are done
		context.getStore(NAMESPACE)
			.put(SERVER, EmbeddedDsmqServer.onPort(embedded.port(), embedded.properties()).start());
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == EmbeddedDsmqServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		if (isSpringTest(context)) {
			return SpringExtension.getApplicationContext(context).getBean(EmbeddedDsmqServer.class);
		}
		EmbeddedDsmqServer server = server(context);
		if (server == null) {
			throw new ParameterResolutionException("No embedded dsmq server runs for " + context.getDisplayName());
		}
		return server;
	}

	private static EmbeddedDsmqServer server(ExtensionContext context) {
		// stores look in the stores of the contexts around them too
		return context.getStore(NAMESPACE).get(SERVER, EmbeddedDsmqServer.class);
	}

	private static boolean isSpringTest(ExtensionContext context) {
		return context.getTestClass()
			.map((testClass) -> AnnotationSupport.findRepeatableAnnotations(testClass, ExtendWith.class)
				.stream()
				.anyMatch((extendWith) -> Arrays.asList(extendWith.value()).contains(SpringExtension.class)))
			.orElse(false);
	}

}
