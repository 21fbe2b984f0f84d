package dev.dsmq.client.autoconfigure;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The connection details that the {@code dsmq.client.*} properties give: host, port, token, and the SSL bundle
 * {@code dsmq.client.tls.bundle} names.
 */
final class PropertiesDsmqConnectionDetails implements DsmqConnectionDetails {

	private final DsmqClientProperties properties;

	private final SslBundles sslBundles;

	/**
	 * @param sslBundles where {@code dsmq.client.tls.bundle} is looked up, or {@code null} if there are none
	 */
	PropertiesDsmqConnectionDetails(DsmqClientProperties properties, SslBundles sslBundles) {
		this.properties = properties;
		this.sslBundles = sslBundles;
	}

	@Override
	public String getHost() {
		return this.properties.getHost();
	}

	@Override
	public int getPort() {
		return this.properties.getPort();
	}

	@Override
	public String getToken() {
		return this.properties.getToken();
	}

	@Override
	public SslBundle getSslBundle() {
		String bundle = this.properties.getTls().getBundle();
		if (bundle == null) {
			return null;
		}
		if (this.sslBundles == null) {
			throw new IllegalStateException("dsmq.client.tls.bundle is set, but there is no SslBundles bean");
		}
		return this.sslBundles.getBundle(bundle);
	}

}
