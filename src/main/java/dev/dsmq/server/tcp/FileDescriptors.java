package dev.dsmq.server.tcp;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import com.sun.management.UnixOperatingSystemMXBean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The files the process may open, of which every socket of the protocol port takes one: the listener accepts no
 * more sockets at once than the process's limit ({@code ulimit -n}) leaves room for, beside what the server had open
 * when it started and a reserve for what it opens later.
 */
final class FileDescriptors {

	private static final Log logger = LogFactory.getLog(FileDescriptors.class);

	/** Kept for what else the server opens after start-up: a store file and its journal, HTTP connections. */
	static final int RESERVE = 100;

	private FileDescriptors() {
	}

	/**
	 * Return how many sockets the protocol port may hold at once, and warn if that is fewer than
	 * {@code dsmq.max-connections}. Where the JVM does not tell the limit, there is none.
	 */
	static int socketRoom(int maxConnections) {
		OperatingSystemMXBean system = ManagementFactory.getOperatingSystemMXBean();
		if (!(system instanceof UnixOperatingSystemMXBean unix)) {
			return Integer.MAX_VALUE;
		}
		long max = unix.getMaxFileDescriptorCount();
		long room = Math.max(1, max - unix.getOpenFileDescriptorCount() - RESERVE);
		if (room < maxConnections) {
			logger.warn("dsmq.max-connections=" + maxConnections + ", but the process may open " + max
					+ " files (ulimit -n): at most " + room + " connections are accepted at once, the rest wait in"
					+ " the kernel's queue; raise the limit to serve more");
		}
		return (int) Math.min(Integer.MAX_VALUE, room);
	}

}
