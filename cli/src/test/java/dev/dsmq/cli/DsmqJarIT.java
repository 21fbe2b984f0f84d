package dev.dsmq.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.test.EmbeddedDsmqServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The executable jar, {@code target/dsmq.jar}, run as a process of its own against a real server: what users run.
 */
class DsmqJarIT {

	private static final Path JAR = Path.of("target", "dsmq.jar");

	/** A thread for each stream read, where the common pool of a small machine has one thread for all. */
	private static final ExecutorService READERS = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "process-output");
		thread.setDaemon(true);
		return thread;
	});

	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort();

	@Test
	void jarPutsAndGetsAsAProcessOfItsOwn() throws Exception {
		assertThat(JAR).isRegularFile();
		Finished put = run(start("put", "--port=" + server.getPort(), "jar", "from the jar"));
		assertThat(put.exitCode()).isZero();
		Finished get = run(start("get", "--port=" + server.getPort(), "--after=0", "jar"));
		assertThat(get.exitCode()).isZero();
		assertThat(get.out()).isEqualTo("from the jar\n");
		assertThat(get.err()).isEmpty();
	}

	@Test
	void echoPrintsWhatArrivesAndEndsCleanlyOnSigterm() throws Exception {
		Process echo = start("echo", "--port=" + server.getPort(), "signalled");
		StringBuffer printed = new StringBuffer();
		CompletableFuture<String> out = drain(echo.getInputStream(), printed);
		CompletableFuture<String> err = drain(echo.getErrorStream(), new StringBuffer());
		await().atMost(Duration.ofSeconds(30)).until(() -> server.getWaitingReaderCount() == 1);
		try (DsmqClient writer = DsmqClient.builder().port(server.getPort()).build()) {
			writer.put("signalled", "before the signal");
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> printed.toString().endsWith("\n"));
		echo.destroy();
		assertThat(echo.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(echo.exitValue()).isEqualTo(143);
		assertThat(out.join()).isEqualTo("before the signal\n");
		assertThat(err.join()).isEmpty();
	}

	private static Process start(String... args) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-jar");
		command.add(JAR.toString());
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().remove("DSMQ_AUTH_TOKEN");
		builder.environment().remove("JDK_JAVA_OPTIONS");
		return builder.start();
	}

	private static Finished run(Process process) throws InterruptedException {
		CompletableFuture<String> out = drain(process.getInputStream(), new StringBuffer());
		CompletableFuture<String> err = drain(process.getErrorStream(), new StringBuffer());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Finished(process.exitValue(), out.join(), err.join());
	}

	/**
	 * Read a stream of the process to its end on a thread of its own, keeping what it has read so far in the buffer.
	 */
	private static CompletableFuture<String> drain(InputStream stream, StringBuffer read) {
		return CompletableFuture.supplyAsync(() -> {
			try (stream) {
				ByteArrayOutputStream bytes = new ByteArrayOutputStream();
				byte[] chunk = new byte[8192];
				for (int n; (n = stream.read(chunk)) >= 0;) {
					bytes.write(chunk, 0, n);
					read.setLength(0);
					read.append(bytes.toString(StandardCharsets.UTF_8));
				}
				return bytes.toString(StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}, READERS);
	}

	record Finished(int exitCode, String out, String err) {

	}

}
