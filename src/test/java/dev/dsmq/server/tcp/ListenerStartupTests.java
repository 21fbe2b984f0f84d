package dev.dsmq.server.tcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * What the listener's start-up says of the kernel's cap on {@code dsmq.backlog}, Linux's
 * {@code net.core.somaxconn}, read from a file as from {@code /proc}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ListenerStartupTests {

	@TempDir
	Path directory;

	@Test
	void aBacklogOverTheKernelsCapIsWarnedOf(CapturedOutput output) throws IOException {
		ListenerStartup.warnIfBacklogIsCut(4096, cap("128\n"));
		assertThat(output).contains("dsmq.backlog=4096 is cut to 128 by the kernel");
	}

	@Test
	void aBacklogWithinTheKernelsCapIsNotWarnedOf(CapturedOutput output) throws IOException {
		ListenerStartup.warnIfBacklogIsCut(4096, cap("4096\n"));
		assertThat(output).doesNotContain("dsmq.backlog");
	}

	@Test
	void noCapToReadIsNothingToWarnOf(CapturedOutput output) {
		ListenerStartup.warnIfBacklogIsCut(4096, this.directory.resolve("somaxconn"));
		assertThat(output).doesNotContain("dsmq.backlog");
	}

	@Test
	void theKernelsCapIsReadFromProcWhereThereIsOne(CapturedOutput output) throws IOException {
		Path proc = Path.of("/proc/sys/net/core/somaxconn");
		assumeThat(Files.isReadable(proc)).isTrue();
		String cap = Files.readAllLines(proc).get(0).trim();
		ListenerStartup.warnIfBacklogIsCut(Integer.MAX_VALUE, proc);
		assertThat(output).contains("dsmq.backlog=" + Integer.MAX_VALUE + " is cut to " + cap + " by the kernel");
	}

	private Path cap(String contents) throws IOException {
		return Files.writeString(this.directory.resolve("somaxconn"), contents);
	}

}
