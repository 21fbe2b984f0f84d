package dev.dsmq.server;

import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * The dsmq server.
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableConfigurationProperties(DsmqProperties.class)
public class DsmqApplication {

	public static void main(String[] args) {
		SpringApplication.run(DsmqApplication.class, args);
	}

	/**
	 * Keep what makes the server serve out of lazy initialisation ({@code spring.main.lazy-initialization}): nothing
	 * asks for the flow or the lifecycle beans, so, left lazy, the listener would never bind and a stop would not
	 * drain.
	 */
	@Bean
	static LazyInitializationExcludeFilter dsmqEagerBeans() {
		return LazyInitializationExcludeFilter.forBeanTypes(IntegrationFlow.class, SmartLifecycle.class);
	}

}
