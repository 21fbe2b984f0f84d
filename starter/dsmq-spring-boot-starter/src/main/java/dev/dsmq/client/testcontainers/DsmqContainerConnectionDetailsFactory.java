package dev.dsmq.client.testcontainers;

import dev.dsmq.client.autoconfigure.DsmqConnectionDetails;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

/**
 * The connection details of a {@link DsmqContainer} annotated with {@code @ServiceConnection}: its host, its mapped
 * protocol port and its token. Registered in {@code META-INF/spring.factories}.
 */
class DsmqContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<DsmqContainer, DsmqConnectionDetails> {

	DsmqContainerConnectionDetailsFactory() {
		super(ANY_CONNECTION_NAME, "dev.dsmq.client.DsmqClient");
	}

	@Override
	protected DsmqConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<DsmqContainer> source) {
		return new Details(source);
	}

	/**
	 * Read from the container once it runs, which is after the details are made.
	 */
	private static final class Details extends ContainerConnectionDetails<DsmqContainer>
			implements DsmqConnectionDetails {

		Details(ContainerConnectionSource<DsmqContainer> source) {
			super(source);
		}

		@Override
		public String getHost() {
			return getContainer().getHost();
		}

		@Override
		public int getPort() {
			return getContainer().getDsmqPort();
		}

		@Override
		public String getToken() {
			return getContainer().getToken();
		}

		/**
		 * Return the bundle of the container's {@code @PemTrustStore} or {@code @JksTrustStore} annotations, if any.
		 */
		@Override
		public SslBundle getSslBundle() {
			return super.getSslBundle();
		}

	}

}
