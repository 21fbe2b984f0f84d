package dev.dsmq.server.tcp;

import java.net.ServerSocket;
import java.net.Socket;

import javax.net.ssl.SSLServerSocket;

import dev.dsmq.server.DsmqProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.integration.ip.tcp.connection.DefaultTcpNetSSLSocketFactorySupport;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpSocketSupport;

/**
 * TLS on the protocol listener, from the Spring Boot SSL bundle named by {@code dsmq.tls.bundle}: its key and
 * certificate, its trust material for client certificates, its protocols and ciphers. The handshake itself is done
 * by each connection on its own thread ({@link TlsHandshake}).
 */
final class ServerTls implements TcpSocketSupport {

	private final SslOptions options;

	private final DsmqProperties.Tls.ClientAuth clientAuth;

	private ServerTls(SslOptions options, DsmqProperties.Tls.ClientAuth clientAuth) {
		this.options = options;
		this.clientAuth = clientAuth;
	}

	/**
	 * Serve TLS on the listener if a bundle is configured; leave it plain otherwise.
	 * @throws InvalidConfigurationPropertyValueException if client authentication is asked for without a bundle
	 */
	static void configure(TcpNetServerConnectionFactory factory, DsmqProperties.Tls tls,
			@Nullable SslBundles bundles) {
		String name = tls.getBundle();
		if (name == null) {
			if (tls.getClientAuth() != DsmqProperties.Tls.ClientAuth.NONE) {
				throw new InvalidConfigurationPropertyValueException("dsmq.tls.client-auth", tls.getClientAuth(),
						"needs TLS: set dsmq.tls.bundle as well");
			}
			return;
		}
		if (bundles == null) {
			throw new IllegalStateException("dsmq.tls.bundle is set, but there is no SslBundles bean to find it in");
		}
		SslBundle bundle = bundles.getBundle(name);
		factory.setTcpSocketFactorySupport(new DefaultTcpNetSSLSocketFactorySupport(bundle::createSslContext));
		factory.setTcpSocketSupport(new ServerTls(bundle.getOptions(), tls.getClientAuth()));
	}

	@Override
	public void postProcessServerSocket(ServerSocket serverSocket) {
		SSLServerSocket tls = (SSLServerSocket) serverSocket;
		if (this.options.getEnabledProtocols() != null) {
			tls.setEnabledProtocols(this.options.getEnabledProtocols());
		}
		if (this.options.getCiphers() != null) {
			tls.setEnabledCipherSuites(this.options.getCiphers());
		}
		switch (this.clientAuth) {
			case NONE -> tls.setNeedClientAuth(false);
			case WANT -> tls.setWantClientAuth(true);
			case NEED -> tls.setNeedClientAuth(true);
		}
	}

	/**
	 * Leave accepted sockets as the server socket made them. (The default support would turn on host name
	 * verification, which checks a server's name and has nothing to check on an accepted connection.)
	 */
	@Override
	public void postProcessSocket(Socket socket) {
	}

}
