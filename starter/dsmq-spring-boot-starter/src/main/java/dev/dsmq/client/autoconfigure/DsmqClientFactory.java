package dev.dsmq.client.autoconfigure;

import java.util.List;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.client.DsmqClientBuilder;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundle;

/**
 * Creates clients from the connection details, the {@code dsmq.client.*} properties and the customizers: the client
 * bean, the template's waits, and one per listener topic.
 */
class DsmqClientFactory {

	private final DsmqClientProperties properties;

	private final DsmqConnectionDetails connection;

	private final List<DsmqClientBuilderCustomizer> customizers;

	DsmqClientFactory(DsmqClientProperties properties, DsmqConnectionDetails connection,
			List<DsmqClientBuilderCustomizer> customizers) {
		this.properties = properties;
		this.connection = connection;
		this.customizers = customizers;
	}

	DsmqClient create() {
		DsmqClientProperties p = this.properties;
		DsmqConnectionDetails c = this.connection;
		DsmqClientBuilder builder = DsmqClient.builder();
		apply("dsmq.client.host", c.getHost(), () -> builder.host(c.getHost()));
		apply("dsmq.client.port", c.getPort(), () -> builder.port(c.getPort()));
		apply("dsmq.client.connect-timeout", p.getConnectTimeout(), () -> builder.connectTimeout(p.getConnectTimeout()));
		apply("dsmq.client.request-timeout", p.getRequestTimeout(), () -> builder.requestTimeout(p.getRequestTimeout()));
		apply("dsmq.client.reconnect.max-backoff", p.getReconnect().getMaxBackoff(), () -> builder
			.reconnectBackoff(p.getReconnect().getInitialBackoff(), p.getReconnect().getMaxBackoff()));
		String token = c.getToken();
		if (token != null) {
			apply("dsmq.client.token", "(hidden)", () -> builder.token(token));
		}
		SslBundle bundle = c.getSslBundle();
		if (bundle != null) {
			builder.sslContext(bundle.createSslContext());
		}
		this.customizers.forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	private static void apply(String name, Object value, Runnable setter) {
		try {
			setter.run();
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new InvalidConfigurationPropertyValueException(name, value, ex.getMessage());
		}
	}

}
