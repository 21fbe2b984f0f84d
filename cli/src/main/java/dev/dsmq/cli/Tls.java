package dev.dsmq.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts from PEM files, with the JDK alone: certificates to trust, and a certificate with its key to present.
 */
final class Tls {

	private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";

	private static final String KEY_END = "-----END PRIVATE KEY-----";

	private static final char[] NO_PASSWORD = new char[0];

	private Tls() {
	}

	/**
	 * Return a context trusting the certificates of {@code caFile} (the JVM's trust store if null), presenting the
	 * certificate and key given, if any.
	 */
	static SSLContext context(Path caFile, Path certFile, Path keyFile) {
		try {
			if (caFile == null && certFile == null) {
				return SSLContext.getDefault();
			}
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init((caFile != null) ? trustStore(caFile) : null);
			KeyManagerFactory keys = null;
			if (certFile != null) {
				keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				keys.init(keyStore(certFile, keyFile), NO_PASSWORD);
			}
			SSLContext context = SSLContext.getInstance("TLS");
			context.init((keys != null) ? keys.getKeyManagers() : null, trust.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new CliException(Dsmq.PROTOCOL, "cannot set up TLS: " + ex.getMessage());
		}
	}

	private static KeyStore trustStore(Path caFile) throws GeneralSecurityException {
		List<Certificate> certificates = certificates(caFile);
		KeyStore store = emptyStore();
		for (int i = 0; i < certificates.size(); i++) {
			store.setCertificateEntry("ca-" + i, certificates.get(i));
		}
		return store;
	}

	private static KeyStore keyStore(Path certFile, Path keyFile) throws GeneralSecurityException {
		List<Certificate> chain = certificates(certFile);
		KeyStore store = emptyStore();
		store.setKeyEntry("client", privateKey(keyFile), NO_PASSWORD, chain.toArray(Certificate[]::new));
		return store;
	}

	private static List<Certificate> certificates(Path file) throws GeneralSecurityException {
		Collection<? extends Certificate> read;
		try (InputStream in = Files.newInputStream(file)) {
			read = CertificateFactory.getInstance("X.509").generateCertificates(in);
		}
		catch (IOException ex) {
			throw new CliException(Dsmq.IO_ERROR, "cannot read " + file + ": " + Failure.rootMessage(ex));
		}
		catch (GeneralSecurityException ex) {
			throw new CliException(Dsmq.IO_ERROR, file + " holds no PEM certificate: " + ex.getMessage());
		}
		if (read.isEmpty()) {
			throw new CliException(Dsmq.IO_ERROR, file + " holds no PEM certificate");
		}
		return new ArrayList<>(read);
	}

	private static PrivateKey privateKey(Path file) throws NoSuchAlgorithmException {
		String pem;
		try {
			pem = Files.readString(file, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new CliException(Dsmq.IO_ERROR, "cannot read " + file + ": " + Failure.rootMessage(ex));
		}
		int begin = pem.indexOf(KEY_BEGIN);
		int end = pem.indexOf(KEY_END);
		if (begin < 0 || end < begin) {
			throw new CliException(Dsmq.IO_ERROR, file + " holds no unencrypted PKCS#8 key (" + KEY_BEGIN + ")");
		}
		byte[] der;
		try {
			der = Base64.getMimeDecoder().decode(pem.substring(begin + KEY_BEGIN.length(), end));
		}
		catch (IllegalArgumentException ex) {
			throw new CliException(Dsmq.IO_ERROR, file + " holds a key that is not base64: " + ex.getMessage());
		}
		for (String algorithm : new String[] { "EC", "RSA", "Ed25519" }) {
			try {
				return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
			}
			catch (InvalidKeySpecException ex) {
				// another algorithm's key: try the next
			}
		}
		throw new CliException(Dsmq.IO_ERROR, file + " holds a key that is neither EC, RSA nor Ed25519");
	}

	private static KeyStore emptyStore() throws GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try {
			store.load(null, null);
		}
		catch (IOException ex) {
			throw new GeneralSecurityException(ex);
		}
		return store;
	}

}
