package dev.dsmq.client.docker.compose;

import dev.dsmq.client.autoconfigure.DsmqConnectionDetails;

import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionDetailsFactory;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSource;
import org.springframework.boot.ssl.SslBundle;

/**
 * The connection details of a {@code dsmq} service of the application's {@code compose.yaml}, one of the project's
 * image (or labelled {@code org.springframework.boot.service-connection: dsmq}): its host, the port its protocol
 * port is published on, and the token its {@code DSMQ_AUTH_TOKEN} requires. Registered in
 * {@code META-INF/spring.factories}.
 */
class DsmqDockerComposeConnectionDetailsFactory extends DockerComposeConnectionDetailsFactory<DsmqConnectionDetails> {

	/** The server's protocol port inside the container. */
	static final int PORT = 30008;

	DsmqDockerComposeConnectionDetailsFactory() {
		super("dsmq", "dev.dsmq.client.DsmqClient");
	}

	@Override
	protected DsmqConnectionDetails getDockerComposeConnectionDetails(DockerComposeConnectionSource source) {
		return new Details(source.getRunningService());
	}

	private static final class Details extends DockerComposeConnectionDetails implements DsmqConnectionDetails {

		private final String host;

		private final int port;

		private final String token;

		private final SslBundle sslBundle;

		Details(RunningService service) {
			super(service);
			this.host = service.host();
			this.port = service.ports().get(PORT);
			this.token = service.env().get("DSMQ_AUTH_TOKEN");
			// from the service's org.springframework.boot.sslbundle.* labels, if any
			this.sslBundle = getSslBundle(service);
		}

		@Override
		public String getHost() {
			return this.host;
		}

		@Override
		public int getPort() {
			return this.port;
		}

		@Override
		public String getToken() {
			return this.token;
		}

		@Override
		public SslBundle getSslBundle() {
			return this.sslBundle;
		}

	}

}
