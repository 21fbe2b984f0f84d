package dev.dsmq.server.tcp;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A client that writes like dsmq's own: each frame's header and body in two writes, with Nagle's algorithm on.
 */
@SpringBootTest(properties = "dsmq.port=0")
class SplitFrameClientTests {

	private static final int GETS = 100;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Test
	void getsOfAClientThatWritesHeaderAndBodyApartDoNotWaitForDelayedAcks() throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.connectionFactory.getPort())) {
			socket.setTcpNoDelay(false);
			OutputStream out = socket.getOutputStream();
			DataInputStream in = new DataInputStream(socket.getInputStream());
			byte[] body = "{\"action\": \"get\", \"topic\": \"nagle\"}".getBytes(StandardCharsets.UTF_8);
			byte[] header = ("{\"msg_length\": " + (1_000_000 + body.length) + "}").getBytes(StandardCharsets.US_ASCII);
			byte[] reply = new byte[23 + "{\"message\": \"\"}".length()];
			// Each get would wait about 40 ms for the server's delayed ACK of its header: 4 s in all.
			assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
				for (int i = 0; i < GETS; i++) {
					out.write(header);
					out.write(body);
					in.readFully(reply);
				}
			});
			assertThat(new String(reply, 23, reply.length - 23, StandardCharsets.UTF_8))
				.isEqualTo("{\"message\": \"\"}");
		}
	}

}
