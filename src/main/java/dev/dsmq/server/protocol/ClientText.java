package dev.dsmq.server.protocol;

/**
 * Text that came from a client, made safe to show in a log line or an error reply: control characters, line and
 * paragraph separators and bidirectional overrides are escaped, so that it cannot forge or hide log lines, and it
 * is cut short, so that a client cannot make the log or the reply as long as its request.
 */
public final class ClientText {

	/** Most characters of client text quoted in a message; the rest is counted. */
	public static final int MAX_QUOTED = 64;

	/** Most characters of one logged reason. */
	public static final int MAX_LOGGED = 512;

	private ClientText() {
	}

	/**
	 * The text in double quotes, its quotes, backslashes and control characters escaped, cut to
	 * {@link #MAX_QUOTED} characters: client text inside a message of the server's own.
	 */
	public static String quote(String text) {
		return "\"" + escape(text, MAX_QUOTED, true) + "\"";
	}

	/**
	 * The text as one line of log, its control characters escaped, cut to {@link #MAX_LOGGED} characters.
	 */
	public static String forLog(String text) {
		return escape(text, MAX_LOGGED, false);
	}

	private static String escape(String text, int maxShown, boolean quoted) {
		int shown = Math.min(text.length(), maxShown);
		if (shown > 0 && shown < text.length() && Character.isHighSurrogate(text.charAt(shown - 1))) {
			shown--;
		}
		StringBuilder escaped = new StringBuilder(shown + 16);
		for (int i = 0; i < shown; i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < shown && Character.isLowSurrogate(text.charAt(i + 1))) {
				escaped.append(c).append(text.charAt(++i));
			}
			else if (needsEscape(c) || (quoted && (c == '"' || c == '\\'))) {
				escaped.append(switch (c) {
					case '\n' -> "\\n";
					case '\r' -> "\\r";
					case '\t' -> "\\t";
					case '"' -> "\\\"";
					case '\\' -> "\\\\";
					default -> String.format("\\u%04x", (int) c);
				});
			}
			else {
				escaped.append(c);
			}
		}
		if (shown < text.length()) {
			escaped.append("...(").append(text.length() - shown).append(" more characters)");
		}
		return escaped.toString();
	}

	private static boolean needsEscape(char c) {
		return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028
				|| c == 0x2029 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff
				|| Character.isSurrogate(c);
	}

}
