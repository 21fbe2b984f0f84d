package dev.dsmq.client.testcontainers;

import java.util.Objects;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A dsmq server in a container of the project's image, for tests with Testcontainers. With
 * {@code @ServiceConnection} the dsmq starter connects to it:
 * <pre class="code">
 * &#64;Container
 * &#64;ServiceConnection
 * static DsmqContainer dsmq = new DsmqContainer("dsmq:0.1.0").withToken("secret");
 * </pre>
 */
public class DsmqContainer extends GenericContainer<DsmqContainer> {

	/** The image's name, which a {@link DockerImageName} of another registry or tag should be compatible with. */
	public static final DockerImageName IMAGE = DockerImageName.parse("dsmq");

	/** The server's protocol port inside the container. */
	public static final int PORT = 30008;

	/** The server's HTTP port inside the container: health, metrics. */
	public static final int HTTP_PORT = 8080;

	private String token;

	/**
	 * A container of the given image of dsmq, such as {@code dsmq:0.1.0}.
	 */
	public DsmqContainer(String image) {
		this(DockerImageName.parse(image));
	}

	public DsmqContainer(DockerImageName image) {
		super(image);
		image.assertCompatibleWith(IMAGE);
		withExposedPorts(PORT, HTTP_PORT);
		// ready once the server reports itself up, which is after the protocol port listens
		waitingFor(Wait.forHttp("/actuator/health").forPort(HTTP_PORT).forStatusCode(200));
	}

	/**
	 * Require the given token of every client ({@code dsmq.auth.token}); the connection details present it.
	 */
	public DsmqContainer withToken(String token) {
		this.token = Objects.requireNonNull(token, "token");
		return withEnv("DSMQ_AUTH_TOKEN", token);
	}

	/**
	 * Return the token clients present, null if the server requires none.
	 */
	public String getToken() {
		return this.token;
	}

	/**
	 * Return the port on the host that the server's protocol port is mapped to.
	 */
	public int getDsmqPort() {
		return getMappedPort(PORT);
	}

}
