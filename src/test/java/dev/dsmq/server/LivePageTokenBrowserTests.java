package dev.dsmq.server;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static dev.dsmq.server.HeadlessChromium.textOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live page in headless Chromium on a server with a token: opened as {@code http://user:token@host/}, the
 * browser answers the Basic challenge of the page, its files and its data with the token. Skipped where Chromium is
 * not installed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "dsmq.port=0", "dsmq.auth.token=" + LivePageTokenBrowserTests.TOKEN })
class LivePageTokenBrowserTests {

	static final String TOKEN = "a-browser-t0ken";

	@LocalServerPort
	private int httpPort;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@TempDir
	private Path work;

	private HeadlessChromium chromium;

	@BeforeEach
	void startChromium() {
		this.chromium = new HeadlessChromium(this.work);
	}

	@Test
	void pageOpenedWithTheTokenInItsAddressShowsTheData() {
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			client.send(Map.of("action", "auth", "token", TOKEN));
			assertThat(client.readReply()).containsEntry("ok", true);
			client.put("secured", "one");
			assertThat(client.get("secured")).isEqualTo("one");
			String dom = this.chromium.dumpDom("http://dsmq:" + TOKEN + "@127.0.0.1:" + this.httpPort + "/");
			assertThat(textOf(dom, "status")).startsWith("updated ");
			assertThat(dom).contains("<p id=\"status\" class=\"fresh\"");
			assertThat(textOf(dom, "connections-framed")).isEqualTo("1");
			assertThat(dom).contains("<tr><td>secured</td><td class=\"number\">1</td>");
		}
	}

	@Test
	void pageOpenedWithoutTheTokenShowsNothing() {
		String dom = this.chromium.dumpDom("http://127.0.0.1:" + this.httpPort + "/");
		assertThat(dom).doesNotContain("dsmq").doesNotContain("status");
	}

	@Test
	void pageOpenedWithAWrongTokenShowsNothing() {
		String dom = this.chromium.dumpDom("http://dsmq:wrong@127.0.0.1:" + this.httpPort + "/");
		assertThat(dom).doesNotContain("status");
	}

}
