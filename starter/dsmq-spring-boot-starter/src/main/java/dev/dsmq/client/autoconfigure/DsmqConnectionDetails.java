package dev.dsmq.client.autoconfigure;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Where the dsmq server is and how to present oneself to it: what the auto-configured clients connect with. The
 * default comes from the {@code dsmq.client.*} properties; a bean of this type replaces it, as
 * {@code @ServiceConnection} on a {@code DsmqContainer} and a {@code dsmq} service of Docker Compose do.
 */
public interface DsmqConnectionDetails extends ConnectionDetails {

	/**
	 * Return the host name or address of the server.
	 */
	String getHost();

	/**
	 * Return the server's protocol port.
	 */
	int getPort();

	/**
	 * Return the token to present on every connect, for a server that requires one; null for none.
	 */
	default String getToken() {
		return null;
	}

	/**
	 * Return the SSL bundle to connect with TLS; null to connect in plain TCP.
	 */
	default SslBundle getSslBundle() {
		return null;
	}

}
