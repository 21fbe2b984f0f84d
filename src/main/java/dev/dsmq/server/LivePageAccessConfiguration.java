package dev.dsmq.server;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.servlet.filter.OrderedFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link PageAccessFilter} in the main context, which serves the live page whether Actuator shares its port or
 * has one of its own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "dsmq.page.enabled", matchIfMissing = true)
class LivePageAccessConfiguration {

	@Bean
	FilterRegistrationBean<PageAccessFilter> dsmqPageAccessFilter(DsmqProperties properties) {
		FilterRegistrationBean<PageAccessFilter> registration = new FilterRegistrationBean<>(
				new PageAccessFilter(properties.getAuth().getToken()));
		// just before the Actuator's filter where both guard one port, which then lets by what this one authorized
		registration.setOrder(ActuatorAccessConfiguration.ORDER - 1);
		return registration;
	}

}
