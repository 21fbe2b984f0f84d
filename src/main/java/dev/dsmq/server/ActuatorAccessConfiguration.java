package dev.dsmq.server;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.servlet.filter.OrderedFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.context.annotation.Bean;

/**
 * The {@link ActuatorAccessFilter} in whichever context serves the Actuator endpoints: the main one, or the child
 * context of a separate {@code management.server.port}, so that the token guards either port alike.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
class ActuatorAccessConfiguration {

	/**
	 * Where Spring Security's filters would be: after the observation filter, so that refusals are counted in
	 * http.server.requests, and before anything that acts on the request.
	 */
	static final int ORDER = OrderedFilter.REQUEST_WRAPPER_FILTER_MAX_ORDER - 100;

	private static final EndpointId HEALTH = EndpointId.of("health");

	@Bean
	FilterRegistrationBean<ActuatorAccessFilter> dsmqActuatorAccessFilter(DsmqProperties properties,
			PathMappedEndpoints endpoints, DispatcherServletPath servletPath) {
		List<String> healthPaths = new ArrayList<>();
		String health = endpoints.getPath(HEALTH);
		if (health != null) {
			healthPaths.add(health);
		}
		// groups on paths of their own, such as Kubernetes probes on /livez
		healthPaths.addAll(endpoints.getAdditionalPaths(WebServerNamespace.SERVER, HEALTH));
		healthPaths.addAll(endpoints.getAdditionalPaths(WebServerNamespace.MANAGEMENT, HEALTH));
		ActuatorAccessFilter filter = new ActuatorAccessFilter(properties.getAuth().getToken(),
				healthPaths.stream().map(servletPath::getRelativePath).toList());
		FilterRegistrationBean<ActuatorAccessFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(ORDER);
		return registration;
	}

}
