package dev.dsmq.server;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * A separate management port binds where the HTTP port does ({@code server.address}, loopback by default) unless
 * {@code management.server.address} is set. Left alone, Spring Boot binds it to every interface, and it refuses a
 * default for {@code management.server.address} in the properties, which it takes for a mistake whenever the
 * management port is the HTTP port.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class ManagementAddressConfiguration {

	@Bean
	ManagementAddressCustomizer dsmqManagementAddressCustomizer(ServerProperties server,
			ManagementServerProperties management) {
		return new ManagementAddressCustomizer(server, management);
	}

	static final class ManagementAddressCustomizer
			implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {

		private final ServerProperties server;

		private final ManagementServerProperties management;

		private ManagementAddressCustomizer(ServerProperties server, ManagementServerProperties management) {
			this.server = server;
			this.management = management;
		}

		@Override
		public void customize(ConfigurableWebServerFactory factory) {
			if (this.management.getAddress() == null) {
				factory.setAddress(this.server.getAddress());
			}
		}

		@Override
		public int getOrder() {
			// after Spring Boot's management customizer, which sets management.server.address, null included
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
