package dev.dsmq.server.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.springframework.core.serializer.Deserializer;

/**
 * The connection factory's deserializer: each connection reads its requests with the codec of its own generation,
 * which its input knows.
 */
final class CodecDeserializer implements Deserializer<List<Object>> {

	@Override
	public List<Object> deserialize(InputStream in) throws IOException {
		if (!(in instanceof ConnectionInput input)) {
			throw new IllegalStateException("requests are read from a connection's own input, not " + in);
		}
		return input.readBatch();
	}

}
