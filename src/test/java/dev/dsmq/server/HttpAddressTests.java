package dev.dsmq.server;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Where HTTP listens: on loopback unless configured, like the protocol port, on the HTTP port and on a separate
 * management port alike.
 */
class HttpAddressTests {

	@Test
	void httpPortListensOnLoopbackOnly() throws IOException {
		Map<String, WebServer> servers = new ConcurrentHashMap<>();
		try (ConfigurableApplicationContext context = start(servers)) {
			assertListensOnLoopbackOnly(servers.get("server"));
		}
	}

	@Test
	void separateManagementPortListensOnLoopbackOnly() throws IOException {
		Map<String, WebServer> servers = new ConcurrentHashMap<>();
		try (ConfigurableApplicationContext context = start(servers, "--management.server.port=0")) {
			assertThat(servers).containsKeys("server", "management");
			assertListensOnLoopbackOnly(servers.get("management"));
		}
	}

	private static void assertListensOnLoopbackOnly(WebServer server) throws IOException {
		InetAddress bound = ((AbstractProtocol<?>) ((TomcatWebServer) server).getTomcat()
			.getConnector()
			.getProtocolHandler()).getAddress();
		// null is every interface
		assertThat(bound).isNotNull();
		assertThat(bound.isLoopbackAddress()).as("%s is loopback", bound).isTrue();
		assertThat(new ActuatorClient(server.getPort()).get("/actuator/health").statusCode()).isEqualTo(200);
		for (InetAddress other : otherAddresses()) {
			assertThatExceptionOfType(ConnectException.class).as("connecting through %s", other)
				.isThrownBy(() -> connect(new InetSocketAddress(other, server.getPort())));
		}
	}

	private static void connect(InetSocketAddress address) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(address, 5000);
		}
	}

	/**
	 * Start the server with only the configuration its jar carries: {@code ./application.yml}, which says the same,
	 * would hide a default that changed.
	 */
	private static ConfigurableApplicationContext start(Map<String, WebServer> servers, String... args) {
		// a separate management port's server starts in a child context, whose events reach the parent's listeners
		ApplicationListener<ApplicationEvent> serverStarted = (event) -> {
			if (event instanceof WebServerInitializedEvent initialized) {
				servers.put(Objects.requireNonNullElse(initialized.getApplicationContext().getServerNamespace(),
						"server"), initialized.getWebServer());
			}
		};
		String[] arguments = Stream
			.concat(Stream.of("--spring.config.location=classpath:/", "--dsmq.port=0", "--server.port=0"),
					Stream.of(args))
			.toArray(String[]::new);
		return new SpringApplicationBuilder(DsmqApplication.class).listeners(serverStarted).run(arguments);
	}

	/**
	 * Return this machine's addresses that a peer elsewhere could connect to, if it has any.
	 */
	private static List<InetAddress> otherAddresses() throws SocketException {
		return NetworkInterface.networkInterfaces()
			.filter(HttpAddressTests::isUp)
			.flatMap(NetworkInterface::inetAddresses)
			.filter((address) -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
			.toList();
	}

	private static boolean isUp(NetworkInterface networkInterface) {
		try {
			return networkInterface.isUp();
		}
		catch (SocketException ex) {
			return false;
		}
	}

}
