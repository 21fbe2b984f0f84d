package dev.dsmq.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * tinyMQ's messages for tests, built by protobuf-java's own {@link DynamicMessage} from the project's
 * {@code src/main/proto/tinymq.proto}, so that what tests send and check is what that file says, not what the
 * server's hand-written reader and writer make of it.
 * <p>
 * The file is read by a reader of the little of the language it uses (proto2 messages of scalar fields), which
 * refuses anything else rather than misread it.
 */
public final class TinyMqProto {

	static final Path FILE = Path.of("src/main/proto/tinymq.proto");

	private static final Descriptors.FileDescriptor DESCRIPTOR = load(FILE);

	private TinyMqProto() {
	}

	/**
	 * Encode a message from its fields' names and values, in pairs: a {@code long} for {@code fixed32}, a
	 * {@code String} for {@code string}, a {@code byte[]} or {@code String} (as UTF-8) for {@code bytes}. The
	 * message may lack required fields, for tests of bad input.
	 */
	public static byte[] encode(String message, Object... namesAndValues) {
		Descriptor type = type(message);
		DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
		for (int i = 0; i < namesAndValues.length; i += 2) {
			FieldDescriptor field = type.findFieldByName((String) namesAndValues[i]);
			if (field == null) {
				throw new IllegalArgumentException(message + " has no field " + namesAndValues[i]);
			}
			builder.setField(field, value(field, namesAndValues[i + 1]));
		}
		return builder.buildPartial().toByteArray();
	}

	/**
	 * Decode a message that must have every required field.
	 */
	public static DynamicMessage decode(String message, byte[] bytes) {
		try {
			return DynamicMessage.parseFrom(type(message), bytes);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalArgumentException("not a complete " + message + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Return a {@code fixed32} field's value, unsigned.
	 */
	public static long fixed32(DynamicMessage message, String field) {
		return Integer.toUnsignedLong((Integer) message.getField(fieldOf(message, field)));
	}

	/**
	 * Return a {@code bytes} field's value.
	 */
	public static byte[] bytes(DynamicMessage message, String field) {
		return ((ByteString) message.getField(fieldOf(message, field))).toByteArray();
	}

	/**
	 * Return the names of the file's messages, each with its fields as {@code label type name = number}.
	 */
	public static List<String> describe() {
		List<String> described = new ArrayList<>();
		for (Descriptor type : DESCRIPTOR.getMessageTypes()) {
			List<String> fields = new ArrayList<>();
			for (FieldDescriptor field : type.getFields()) {
				fields.add((field.isRequired() ? "required " : "optional ")
						+ field.getType().name().toLowerCase(Locale.ROOT) + " " + field.getName() + " = "
						+ field.getNumber());
			}
			described.add(DESCRIPTOR.getPackage() + "." + type.getName() + " " + fields);
		}
		return described;
	}

	private static FieldDescriptor fieldOf(DynamicMessage message, String name) {
		FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
		if (field == null) {
			throw new IllegalArgumentException(message.getDescriptorForType().getName() + " has no field " + name);
		}
		return field;
	}

	private static Object value(FieldDescriptor field, Object value) {
		return switch (field.getType()) {
			case FIXED32 -> (int) (long) (Long) value;
			case STRING -> (String) value;
			case BYTES -> ByteString.copyFrom((value instanceof String text) ? text.getBytes(StandardCharsets.UTF_8)
					: (byte[]) value);
			default -> throw new IllegalArgumentException("no " + field.getType() + " field in tinyMQ's messages");
		};
	}

	private static Descriptor type(String message) {
		Descriptor type = DESCRIPTOR.findMessageTypeByName(message);
		if (type == null) {
			throw new IllegalArgumentException(FILE + " has no message " + message);
		}
		return type;
	}

	private static Descriptors.FileDescriptor load(Path file) {
		String text;
		try {
			text = Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			return Descriptors.FileDescriptor.buildFrom(parse(text.replaceAll("//[^\n]*", "")),
					new Descriptors.FileDescriptor[0]);
		}
		catch (Descriptors.DescriptorValidationException ex) {
			throw new IllegalStateException(file + " does not describe valid messages: " + ex.getMessage(), ex);
		}
	}

	private static FileDescriptorProto parse(String text) {
		Matcher header = Pattern.compile("\\s*syntax\\s*=\\s*\"proto2\"\\s*;\\s*package\\s+(\\w+)\\s*;").matcher(text);
		if (!header.lookingAt()) {
			throw new IllegalStateException(FILE + " does not start with syntax = \"proto2\"; and a package");
		}
		FileDescriptorProto.Builder file = FileDescriptorProto.newBuilder()
			.setName("tinymq.proto")
			.setSyntax("proto2")
			.setPackage(header.group(1));
		Matcher message = Pattern.compile("\\s*message\\s+(\\w+)\\s*\\{([^}]*)}").matcher(text);
		int at = header.end();
		while (at < text.length() && message.find(at) && message.start() == at) {
			file.addMessageType(parseMessage(message.group(1), message.group(2)));
			at = message.end();
		}
		if (!text.substring(at).isBlank()) {
			throw new IllegalStateException(FILE + " has text this reader does not know at offset " + at);
		}
		return file.build();
	}

	private static DescriptorProto parseMessage(String name, String body) {
		DescriptorProto.Builder message = DescriptorProto.newBuilder().setName(name);
		Matcher field = Pattern
			.compile("\\s*(required|optional)\\s+(fixed32|string|bytes)\\s+(\\w+)\\s*=\\s*(\\d+)\\s*;")
			.matcher(body);
		int at = 0;
		while (field.find(at) && field.start() == at) {
			message.addField(FieldDescriptorProto.newBuilder()
				.setName(field.group(3))
				.setNumber(Integer.parseInt(field.group(4)))
				.setLabel(field.group(1).equals("required") ? FieldDescriptorProto.Label.LABEL_REQUIRED
						: FieldDescriptorProto.Label.LABEL_OPTIONAL)
				.setType(FieldDescriptorProto.Type.valueOf("TYPE_" + field.group(2).toUpperCase(Locale.ROOT))));
			at = field.end();
		}
		if (!body.substring(at).isBlank()) {
			throw new IllegalStateException(
					"message " + name + " of " + FILE + " has a field this reader does not know");
		}
		return message.build();
	}

}
