package dev.dsmq.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The shared token of {@code dsmq.auth.token}, kept only as its SHA-256 digest. A token presented is compared as a
 * digest with {@link MessageDigest#isEqual}, which takes the same time wherever the digests differ, so neither the
 * token's length nor its bytes show in how long a refusal takes; the token itself is never kept or logged.
 */
public final class SharedToken {

	private final byte[] digest;

	private SharedToken(byte[] digest) {
		this.digest = digest;
	}

	/**
	 * The token, as configured.
	 */
	public static SharedToken of(String token) {
		return new SharedToken(Sha256.of(token.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Whether the bytes presented, the token's UTF-8, are the token.
	 */
	public boolean matches(byte[] presented) {
		return MessageDigest.isEqual(Sha256.of(presented), this.digest);
	}

	@Override
	public String toString() {
		return "SharedToken[(hidden)]";
	}

}
