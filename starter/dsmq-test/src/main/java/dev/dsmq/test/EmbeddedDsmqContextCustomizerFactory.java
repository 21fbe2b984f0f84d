package dev.dsmq.test;

import java.util.Arrays;
import java.util.List;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * The Spring side of {@link EmbeddedDsmq}, registered in {@code META-INF/spring.factories}: the application context
 * of an annotated test class starts a server as it is made, holds it as a bean, points {@code dsmq.client.*} at it,
 * and stops it as the context closes.
 */
final class EmbeddedDsmqContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configurationAttributes) {
		EmbeddedDsmq embedded = TestContextAnnotationUtils.findMergedAnnotation(testClass, EmbeddedDsmq.class);
		return (embedded != null) ? new Customizer(embedded.port(), List.of(embedded.properties())) : null;
	}

	/**
	 * Starts the server of one application context. Equal for equal annotations, so that test classes annotated
	 * alike share a cached context and its server.
	 */
	private record Customizer(int port, List<String> properties) implements ContextCustomizer {

		static final String BEAN_NAME = "embeddedDsmqServer";

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			ConfigurableEnvironment environment = context.getEnvironment();
			String[] resolved = this.properties.stream()
				.map(environment::resolveRequiredPlaceholders)
				.toArray(String[]::new);
			EmbeddedDsmqServer server = EmbeddedDsmqServer.onPort(this.port, resolved).start();
			DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
			beans.registerSingleton(BEAN_NAME, server);
			beans.registerDisposableBean(BEAN_NAME, server::close);
			// first, so that the client is pointed at this server whatever the application's own properties say
			environment.getPropertySources().addFirst(new MapPropertySource(BEAN_NAME, server.getClientProperties()));
		}

		@Override
		public String toString() {
			return "EmbeddedDsmq[port=" + this.port + ", properties=" + Arrays.toString(this.properties.toArray()) + "]";
		}

	}

}
