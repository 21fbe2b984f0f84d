package dev.dsmq.server;

import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * The dsmq server.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
// @SpringBootApplication's scan, less the management context's configuration: Actuator imports it into the context
// that serves the endpoints, which is a child of this one where management.server.port is separate
@ComponentScan(excludeFilters = { @Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
		@Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
		@Filter(ManagementContextConfiguration.class) })
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
