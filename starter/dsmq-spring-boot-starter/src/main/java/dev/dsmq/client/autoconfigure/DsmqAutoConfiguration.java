package dev.dsmq.client.autoconfigure;

import dev.dsmq.client.DsmqClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.retry.RetryPolicySettings;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;

/**
 * Auto-configuration of the dsmq client: a {@link DsmqClient}, a {@link DsmqTemplate} ({@link DsmqOperations}),
 * {@link DsmqListener} methods, and, where available, a {@code dsmq} health indicator and Micrometer metrics.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@EnableConfigurationProperties(DsmqClientProperties.class)
public final class DsmqAutoConfiguration {

	/**
	 * The name of a {@link TaskExecutor} bean for the listeners' consumers to run on instead of their own.
	 */
	public static final String LISTENER_EXECUTOR = "dsmqListenerTaskExecutor";

	@Bean
	@ConditionalOnMissingBean(DsmqConnectionDetails.class)
	PropertiesDsmqConnectionDetails dsmqConnectionDetails(DsmqClientProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		return new PropertiesDsmqConnectionDetails(properties, sslBundles.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	DsmqClientFactory dsmqClientFactory(DsmqClientProperties properties, DsmqConnectionDetails connectionDetails,
			ObjectProvider<DsmqClientBuilderCustomizer> customizers) {
		return new DsmqClientFactory(properties, connectionDetails, customizers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	DsmqClient dsmqClient(DsmqClientFactory factory) {
		return factory.create();
	}

	@Bean
	@ConditionalOnMissingBean(DsmqOperations.class)
	DsmqTemplate dsmqTemplate(DsmqClient client, ObjectProvider<JsonMapper> mapper, DsmqClientFactory clients,
			DsmqClientProperties properties, ObjectProvider<ObservationRegistry> observationRegistry) {
		// waits get a connection of their own, configured as the client is, so that they hold up no other call
		return new DsmqTemplate(client, mapper.getIfUnique(JsonMapper::new), clients::create,
				properties.getTemplate().getDefaultTopic(), observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
	}

	@Bean
	@ConditionalOnMissingBean
	static DsmqListenerBeanPostProcessor dsmqListenerBeanPostProcessor() {
		return new DsmqListenerBeanPostProcessor();
	}

	/**
	 * The listeners, started and stopped with the context; also the application's {@link DsmqListenerRegistry}.
	 */
	@Bean
	@ConditionalOnMissingBean
	DsmqListenerContainer dsmqListenerContainer(DsmqListenerBeanPostProcessor listeners, DsmqClientFactory clients,
			ObjectProvider<JsonMapper> mapper, DsmqClientProperties properties,
			ObjectProvider<ListenerObserver> observer,
			@Qualifier(LISTENER_EXECUTOR) ObjectProvider<TaskExecutor> executor, Environment environment,
			BeanFactory beans, ApplicationEventPublisher events, ObjectProvider<ObservationRegistry> observationRegistry) {
		DsmqClientProperties.Retry retry = properties.getListener().getRetry();
		return new DsmqListenerContainer(listeners, clients, mapper.getIfUnique(JsonMapper::new), properties,
				observer.getIfUnique(() -> ListenerObserver.NONE),
				executor.getIfAvailable(() -> listenerExecutor(environment)),
				retry.isEnabled() ? new RetryTemplate(retryPolicy(retry)) : null, beans, events,
				observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
	}

	/**
	 * The executor the listeners' consumers run on, each for as long as the listener runs: virtual threads where
	 * {@code spring.threads.virtual.enabled} and the JDK has them, else daemon platform threads.
	 */
	private static TaskExecutor listenerExecutor(Environment environment) {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("dsmq-listener-");
		if (Threading.VIRTUAL.isActive(environment)) {
			executor.setVirtualThreads(true);
		}
		else {
			executor.setDaemon(true);
		}
		return executor;
	}

	/**
	 * The retries of {@code dsmq.client.listener.retry.*}, built as Spring Boot builds its own.
	 */
	private static RetryPolicy retryPolicy(DsmqClientProperties.Retry retry) {
		RetryPolicySettings settings = new RetryPolicySettings();
		settings.setMaxRetries(retry.getMaxRetries());
		settings.setDelay(retry.getDelay());
		settings.setMultiplier(retry.getMultiplier());
		settings.setMaxDelay(retry.getMaxDelay());
		return settings.createRetryPolicy();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MicrometerObservers dsmqMicrometerObservers(MeterRegistry registry) {
			return new MicrometerObservers(registry);
		}

		@Bean
		@ConditionalOnMissingBean(name = "dsmqMetricsCustomizer")
		DsmqClientBuilderCustomizer dsmqMetricsCustomizer(MicrometerObservers observers) {
			return (builder) -> builder.observer(observers);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("dsmq")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "dsmqHealthIndicator")
		HealthIndicator dsmqHealthIndicator(DsmqClient client) {
			return new DsmqHealthIndicator(client);
		}

	}

}
