package dev.dsmq.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The class loader of embedded servers: the server's executable jar, which {@code dsmq-test} depends on, opened out
 * into its classes and libraries (once per jar, in a directory under {@code java.io.tmpdir} that later runs reuse),
 * with only the JDK's platform classes as parent. The application under test and the server never share a class:
 * neither sees the other's Spring Boot, libraries or {@code META-INF} registrations.
 */
final class ServerClassLoader {

	/** A class only the executable jar holds, where it keeps the server's own classes. */
	private static final String MARKER = "BOOT-INF/classes/dev/dsmq/server/DsmqApplication.class";

	/** Where the executable jar keeps the registrations of the server's own classes, beside the loader's. */
	private static final String ROOT_REGISTRATIONS = "META-INF/spring/";

	/** Told apart from directories that earlier versions opened without the root registrations. */
	private static final String LAYOUT = "-2";

	private static URLClassLoader loader;

	private ServerClassLoader() {
	}

	/**
	 * Return the loader, made on first use and kept for every server the JVM starts after.
	 */
	static synchronized ClassLoader get() {
		if (loader == null) {
			Path jar = executableJar();
			Path opened = open(jar);
			loader = new URLClassLoader("dsmq-server", urls(opened), ClassLoader.getPlatformClassLoader());
		}
		return loader;
	}

	private static Path executableJar() {
		URL marker = ServerClassLoader.class.getClassLoader().getResource(MARKER);
		if (marker == null) {
			throw new IllegalStateException("The dsmq server's executable jar (dev.dsmq:dsmq-server) is not on the "
					+ "class path; dsmq-test depends on it");
		}
		try {
			JarURLConnection connection = (JarURLConnection) marker.openConnection();
			connection.setUseCaches(false);
			return Path.of(connection.getJarFileURL().toURI());
		}
		catch (IOException | URISyntaxException | ClassCastException ex) {
			throw new IllegalStateException("Cannot find the file of the dsmq server's jar at " + marker, ex);
		}
	}

	/**
	 * Return the directory the jar is opened out into, opening it unless an earlier run did: named by the jar's
	 * name, size and time, and moved into place whole, so that JVMs starting at once never see half of it.
	 */
	private static Path open(Path jar) {
		try {
			String name = jar.getFileName() + "-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis()
					+ LAYOUT;
			Path root = Path.of(System.getProperty("java.io.tmpdir"), "dsmq-test");
			Path opened = root.resolve(name);
			if (Files.isDirectory(opened)) {
				return opened;
			}
			Files.createDirectories(root);
			Path partial = Files.createTempDirectory(root, name + ".");
			try (JarFile file = new JarFile(jar.toFile())) {
				Enumeration<JarEntry> entries = file.entries();
				while (entries.hasMoreElements()) {
					JarEntry entry = entries.nextElement();
					String path = application(entry.getName());
					if (entry.isDirectory() || path == null) {
						continue;
					}
					Path target = partial.resolve(path).normalize();
					if (!target.startsWith(partial)) {
						throw new IOException("entry outside the jar's directories: " + entry.getName());
					}
					Files.createDirectories(target.getParent());
					try (InputStream in = file.getInputStream(entry)) {
						Files.copy(in, target);
					}
				}
			}
			try {
				Files.move(partial, opened, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException ex) {
				// another JVM opened it first: its copy is the same
				deleteTree(partial);
			}
			return opened;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot open the dsmq server's jar " + jar, ex);
		}
	}

	/**
	 * Return where an entry of the jar goes in the opened directory, or null if the server does not need it: the
	 * classes and libraries, and the registrations the jar keeps at its root ({@code META-INF/spring/}, where the
	 * server registers its Actuator access filter for a server run with its HTTP side).
	 */
	private static String application(String entry) {
		if (entry.startsWith("BOOT-INF/")) {
			return entry;
		}
		if (entry.startsWith(ROOT_REGISTRATIONS)) {
			return "BOOT-INF/classes/" + entry;
		}
		return null;
	}

	private static URL[] urls(Path opened) {
		List<URL> urls = new ArrayList<>();
		try {
			urls.add(opened.resolve("BOOT-INF/classes/").toUri().toURL());
			try (Stream<Path> libraries = Files.list(opened.resolve("BOOT-INF/lib"))) {
				for (Path library : libraries.sorted().toList()) {
					urls.add(library.toUri().toURL());
				}
			}
		}
		catch (MalformedURLException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return urls.toArray(URL[]::new);
	}

	private static void deleteTree(Path root) throws IOException {
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
