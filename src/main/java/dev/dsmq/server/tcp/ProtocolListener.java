package dev.dsmq.server.tcp;

import java.io.IOException;
import java.net.ServerSocket;

import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * The protocol port's connection factory, which can stop accepting connections while it goes on serving the open
 * ones: a server that is stopping refuses new connections at once, as dsmq 1.x's client expects after a
 * {@code shutdown}, rather than accepting them only to turn them away.
 */
final class ProtocolListener extends TcpNetServerConnectionFactory {

	ProtocolListener(int port) {
		super(port);
	}

	/**
	 * Close the listening socket; the open connections are served on, and stopping the factory closes them. The
	 * factory logs the closed socket at INFO and starts listening again when it is started again.
	 */
	void stopAccepting() {
		ServerSocket serverSocket = getServerSocket();
		if (serverSocket != null) {
			try {
				serverSocket.close();
			}
			catch (IOException ex) {
				// the socket is closed either way
			}
		}
	}

}
