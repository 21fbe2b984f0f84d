package dev.dsmq.server;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.test.annotation.DirtiesContext;

import static dev.dsmq.server.HeadlessChromium.textOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live page in headless Chromium, after traffic over real sockets: what its script shows, and what it looks
 * like. Skipped where Chromium is not installed.
 */
// a context of its own (the property is the default), since the page shows every topic and connection
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "dsmq.port=0", "dsmq.page.enabled=true", "dsmq.metrics.max-groups=100" })
class LivePageBrowserTests {

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
	void pageShowsTopicsGroupsAndConnectionsByGenerationAndTakesNamesAsText() {
		try (LivePageTraffic traffic = new LivePageTraffic(this.connectionFactory.getPort())) {
			LivePageTraffic.awaitConnections(new ActuatorClient(this.httpPort));
			String dom = this.chromium.dumpDom("http://127.0.0.1:" + this.httpPort + "/");
			assertThat(textOf(dom, "status")).startsWith("updated ");
			assertThat(dom).contains("<p id=\"status\" class=\"fresh\"");
			assertThat(textOf(dom, "topics-held")).isEqualTo("3");
			assertThat(textOf(dom, "messages-held")).isEqualTo("5");
			assertThat(textOf(dom, "groups-held")).isEqualTo("1");
			assertThat(textOf(dom, "connections-open")).isEqualTo("2");
			assertThat(textOf(dom, "connections-framed")).isEqualTo("1");
			assertThat(textOf(dom, "connections-headerless")).isEqualTo("1");
			assertThat(textOf(dom, "connections-websocket")).isEqualTo("0");
			assertThat(textOf(dom, "connections-tinymq")).isEqualTo("0");
			assertThat(textOf(dom, "connections-unknown")).isEqualTo("0");
			assertThat(textOf(dom, "topics-shown")).isEqualTo("showing all 3 topics, oldest first");
			assertThat(dom).contains("<tr><td>orders</td><td class=\"number\">3</td>")
				.contains("<tr><td>audit</td><td class=\"number\">1</td>")
				// the group's lag: two messages available, one claimed
				.contains("<tr><td>orders</td><td>billing</td><td class=\"number\">2</td><td class=\"number\">1</td>")
				.contains("<td>&lt;img src=x onerror=alert(1)&gt;</td>")
				.doesNotContain("<img");
		}
	}

	@Test
	// the other test counts what the page shows
	@DirtiesContext
	void screenshotShowsMoreThanABlankPage() {
		try (LivePageTraffic traffic = new LivePageTraffic(this.connectionFactory.getPort())) {
			LivePageTraffic.awaitConnections(new ActuatorClient(this.httpPort));
			BufferedImage image = this.chromium.screenshot("http://127.0.0.1:" + this.httpPort + "/",
					Path.of("target", "live-page.png"));
			assertThat(image.getWidth()).isEqualTo(1280);
			assertThat(image.getHeight()).isEqualTo(900);
			assertThat(colours(image)).as("distinct colours").hasSizeGreaterThan(10);
		}
	}

	private static Set<Integer> colours(BufferedImage image) {
		Set<Integer> colours = new HashSet<>();
		for (int y = 0; y < image.getHeight(); y += 2) {
			for (int x = 0; x < image.getWidth(); x += 2) {
				colours.add(image.getRGB(x, y));
			}
		}
		return colours;
	}

}
