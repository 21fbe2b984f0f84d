package dev.dsmq.cli;

import java.nio.file.Path;

import javax.net.ssl.SSLContext;

import picocli.CommandLine.Option;

/**
 * The options every command takes: which host, which token, and how to trust the server's TLS certificate.
 */
final class CommonOptions {

	@Option(names = { "-H", "--host" }, paramLabel = "HOST", defaultValue = "${env:DSMQ_HOST:-127.0.0.1}",
			description = "Host name or address of the server (DSMQ_HOST; default ${DEFAULT-VALUE}).")
	String host;

	@Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:DSMQ_AUTH_TOKEN}", showDefaultValue =
			picocli.CommandLine.Help.Visibility.NEVER,
			description = "Token to present, as the protocol's auth request and as an HTTP bearer token. "
					+ "Better in DSMQ_AUTH_TOKEN, which others on this machine cannot read from the process list.")
	String token;

	@Option(names = "--tls", description = "Connect to the protocol port with TLS (implied by --ca-file).")
	boolean tls;

	@Option(names = "--ca-file", paramLabel = "PEM",
			description = "PEM certificates to trust the server's certificate by, instead of the JVM's own trust "
					+ "store: for the protocol port's TLS and for an https:// --http-url.")
	Path caFile;

	@Option(names = "--cert", paramLabel = "PEM",
			description = "This client's certificate (PEM), for a server that asks for one (mutual TLS).")
	Path certFile;

	@Option(names = "--key", paramLabel = "PEM",
			description = "The private key of --cert, unencrypted PKCS#8 PEM.")
	Path keyFile;

	/**
	 * Return the host to connect to: a server's every-interface address stands for this machine.
	 */
	String host() {
		String name = this.host.trim();
		if (name.isEmpty()) {
			throw new CliException(picocli.CommandLine.ExitCode.USAGE, "the host must not be empty");
		}
		return (name.equals("0.0.0.0") || name.equals("::") || name.equals("[::]")) ? "127.0.0.1" : name;
	}

	/**
	 * Return the token to present, or null for none: an empty one, as an empty DSMQ_AUTH_TOKEN, is none.
	 */
	String token() {
		return (this.token == null || this.token.isEmpty()) ? null : this.token;
	}

	boolean tls() {
		return this.tls || this.caFile != null || this.certFile != null;
	}

	/**
	 * Return the TLS context the options describe: the JVM's default unless they name certificates.
	 */
	SSLContext sslContext() {
		if ((this.certFile == null) != (this.keyFile == null)) {
			throw new CliException(picocli.CommandLine.ExitCode.USAGE, "--cert and --key go together");
		}
		return Tls.context(this.caFile, this.certFile, this.keyFile);
	}

}
