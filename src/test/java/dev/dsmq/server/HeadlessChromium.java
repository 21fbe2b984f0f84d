package dev.dsmq.server;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's Chromium, run headless as a process for each page it loads: the DOM after the page's script ran, or a
 * screenshot. Each run has a profile of its own and a time limit, and the whole process tree is killed after it.
 */
final class HeadlessChromium {

	static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

	/** Time the page's timers may take, in the page's virtual time: its first two refreshes and more. */
	private static final Duration VIRTUAL_TIME = Duration.ofSeconds(5);

	/** The longest a run may take, in real time, before it is killed and the test fails. */
	private static final Duration TIME_LIMIT = Duration.ofSeconds(90);

	private final Path work;

	private int runs;

	/**
	 * Use Chromium with profiles and logs under this directory; skip the test where it is not installed, as on a
	 * machine set up only to build (CI installs it).
	 */
	HeadlessChromium(Path work) {
		assumeTrue(Files.isExecutable(EXECUTABLE), EXECUTABLE + " is not installed (apt-get install chromium)");
		this.work = work;
	}

	/**
	 * Return the DOM of the page at the URL as serialized once its script has run.
	 */
	String dumpDom(String url) {
		return run(List.of("--dump-dom", url));
	}

	/**
	 * Take a screenshot of the page at the URL, 1280 by 900 pixels, and return it.
	 */
	BufferedImage screenshot(String url, Path png) {
		try {
			Files.createDirectories(png.toAbsolutePath().getParent());
			Files.deleteIfExists(png);
			run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=1280,900", "--hide-scrollbars", url));
			assertThat(png).isNotEmptyFile();
			return ImageIO.read(png.toFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the text of the element with this id in a serialized DOM, which the page fills with text alone.
	 */
	static String textOf(String dom, String id) {
		Matcher matcher = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(dom);
		assertThat(matcher.find()).as("element %s in %s", id, dom).isTrue();
		return matcher.group(1);
	}

	private String run(List<String> arguments) {
		int run = ++this.runs;
		Path profile = this.work.resolve("profile-" + run);
		Path out = this.work.resolve("stdout-" + run + ".txt");
		Path err = this.work.resolve("stderr-" + run + ".txt");
		List<String> command = new ArrayList<>(List.of(EXECUTABLE.toString(), "--headless", "--no-sandbox",
				"--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
				"--virtual-time-budget=" + VIRTUAL_TIME.toMillis()));
		command.addAll(arguments);
		Process process = null;
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
				.redirectError(err.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
			// where Chromium puts its singleton socket, so that nothing of it outlives the test's directory
			builder.environment().put("TMPDIR", this.work.toString());
			process = builder.start();
			if (!process.waitFor(TIME_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
				fail("chromium did not finish within %s: %s", TIME_LIMIT, tail(err));
			}
			assertThat(process.exitValue()).as("chromium's exit status: %s", tail(err)).isZero();
			return Files.readString(out, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			if (process != null) {
				// the renderers and helpers first: once the browser is gone they belong to init, out of reach
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
			}
		}
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

}
