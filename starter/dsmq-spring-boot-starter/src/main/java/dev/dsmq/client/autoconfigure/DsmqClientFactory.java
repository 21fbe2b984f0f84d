package dev.dsmq.client.autoconfigure;

import java.util.List;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.client.DsmqClientBuilder;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;

/**
 * Creates clients from the {@code dsmq.client.*} properties and the customizers: the client bean, and one per
 * listener topic.
 */
class DsmqClientFactory {

	private final DsmqClientProperties properties;

	private final List<DsmqClientBuilderCustomizer> customizers;

	private final SslBundles sslBundles;

	/**
	 * Create the factory.
	 * @param sslBundles where {@code dsmq.client.tls.bundle} is looked up, or {@code null} if there are none
	 */
	DsmqClientFactory(DsmqClientProperties properties, List<DsmqClientBuilderCustomizer> customizers,
			SslBundles sslBundles) {
		this.properties = properties;
		this.customizers = customizers;
		this.sslBundles = sslBundles;
	}

	DsmqClient create() {
		DsmqClientProperties p = this.properties;
		DsmqClientBuilder builder = DsmqClient.builder();
		apply("dsmq.client.host", p.getHost(), () -> builder.host(p.getHost()));
		apply("dsmq.client.port", p.getPort(), () -> builder.port(p.getPort()));
		apply("dsmq.client.connect-timeout", p.getConnectTimeout(), () -> builder.connectTimeout(p.getConnectTimeout()));
		apply("dsmq.client.request-timeout", p.getRequestTimeout(), () -> builder.requestTimeout(p.getRequestTimeout()));
		apply("dsmq.client.reconnect.max-backoff", p.getReconnect().getMaxBackoff(), () -> builder
			.reconnectBackoff(p.getReconnect().getInitialBackoff(), p.getReconnect().getMaxBackoff()));
		if (p.getToken() != null) {
			apply("dsmq.client.token", "(hidden)", () -> builder.token(p.getToken()));
		}
		String bundle = p.getTls().getBundle();
		if (bundle != null) {
			if (this.sslBundles == null) {
				throw new IllegalStateException("dsmq.client.tls.bundle is set, but there is no SslBundles bean");
			}
			builder.sslContext(this.sslBundles.getBundle(bundle).createSslContext());
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
