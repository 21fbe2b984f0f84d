package dev.dsmq.server.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 checks of frame bodies and names.
 */
final class Utf8 {

	private Utf8() {
	}

	/**
	 * Whether the bytes are well-formed UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF. ASCII, the
	 * usual case, is checked without a decoder.
	 */
	static boolean isValid(byte[] bytes) {
		int start = 0;
		while (start < bytes.length && bytes[start] >= 0) {
			start++;
		}
		if (start == bytes.length) {
			return true;
		}
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
		ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
		CharBuffer out = CharBuffer.allocate(Math.min(8192, bytes.length - start + 1));
		while (true) {
			CoderResult result = decoder.decode(in, out, true);
			if (result.isError()) {
				return false;
			}
			if (result.isUnderflow()) {
				return !decoder.flush(out).isError();
			}
			out.clear();
		}
	}

	/**
	 * The length of the text in UTF-8 bytes, counting an unpaired surrogate as the three bytes it would take.
	 */
	static long length(String text) {
		long bytes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes++;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}

	/**
	 * Whether the text is Unicode text: every surrogate is one of a pair.
	 */
	static boolean isWellFormed(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

}
