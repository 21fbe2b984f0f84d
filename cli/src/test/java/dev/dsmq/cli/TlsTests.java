package dev.dsmq.cli;

import dev.dsmq.test.EmbeddedDsmqServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that serves TLS and asks for client certificates: the commands trust it by a PEM file and present one.
 */
class TlsTests {

	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort(
			"spring.ssl.bundle.pem.dsmq.keystore.certificate=file:" + WebServers.TLS + "server.crt",
			"spring.ssl.bundle.pem.dsmq.keystore.private-key=file:" + WebServers.TLS + "server.key",
			"spring.ssl.bundle.pem.dsmq.truststore.certificate=file:" + WebServers.TLS + "ca.crt",
			"dsmq.tls.bundle=dsmq", "dsmq.tls.client-auth=need", "logging.level.dev.dsmq.server.tcp.Refusals=error");

	@Test
	void putAndGetTrustTheCaFileAndPresentTheClientCertificate() {
		String[] tls = { "--ca-file=" + WebServers.TLS + "ca.crt", "--cert=" + WebServers.TLS + "client.crt",
				"--key=" + WebServers.TLS + "client.key" };
		Cli.Result put = Cli.run(Cli.against(server, "put", tls[0], tls[1], tls[2], "sealed", "secret"));
		assertThat(put.exitCode()).isZero();
		Cli.Result get = Cli.run(Cli.against(server, "get", tls[0], tls[1], tls[2], "--after=0", "sealed"));
		assertThat(get.out().trim()).isEqualTo("secret");
	}

	@Test
	void serverNotTrustedByTheJvmFailsTheHandshakeWithExitCode69() {
		Cli.Result put = Cli.run(Cli.against(server, "put", "--tls", "sealed", "secret"));
		assertThat(put.exitCode()).isEqualTo(69);
		assertThat(put.err()).startsWith("dsmq: cannot connect to 127.0.0.1:" + server.getPort()
				+ ": the TLS handshake failed: ");
		assertThat(put.err().lines()).hasSize(1);
	}

	@Test
	void keyFileWithoutAKeyIsToldWithExitCode74() {
		Cli.Result put = Cli.run(Cli.against(server, "put", "--ca-file=" + WebServers.TLS + "ca.crt",
				"--cert=" + WebServers.TLS + "client.crt", "--key=" + WebServers.TLS + "client.crt", "sealed", "x"));
		assertThat(put.exitCode()).isEqualTo(74);
		assertThat(put.err()).contains("holds no unencrypted PKCS#8 key");
	}

}
