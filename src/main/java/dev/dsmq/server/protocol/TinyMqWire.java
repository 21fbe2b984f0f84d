package dev.dsmq.server.protocol;

import java.io.IOException;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import org.jspecify.annotations.Nullable;

/**
 * tinyMQ's six protobuf (proto2) messages, as {@code src/main/proto/tinymq.proto} gives them, read and written with
 * protobuf-java's {@link CodedInputStream} and {@link CodedOutputStream}.
 * <p>
 * A message is read as proto2 reads it: fields in any order, the last of a repeated one winning, fields of numbers
 * the message does not have stepped over. It is refused where proto2 would refuse it, when it is cut short or
 * lacks a required field, and also where a field of the message's own comes with another wire type than its
 * declared one, which proto2 would keep as an unknown field before finding the required one missing: that says
 * more of what was wrong. {@code fixed32} values are unsigned, 0 to 4294967295, and held in a {@code long}.
 */
final class TinyMqWire {

	/** {@code ConnInit}: a client's first message. */
	static final Schema CONN_INIT = new Schema("ConnInit", Field.required(1, "role", Kind.FIXED32),
			Field.required(2, "topic", Kind.STRING), Field.optional(3, "auth_token", Kind.STRING));

	/** {@code ContentWrite}: a producer's message. */
	static final Schema CONTENT_WRITE = new Schema("ContentWrite", Field.required(1, "id", Kind.FIXED32),
			Field.required(2, "topic", Kind.STRING), Field.required(3, "body", Kind.BYTES));

	/** {@code Poll}: a consumer's request for a message. */
	static final Schema POLL = new Schema("Poll", Field.required(1, "topic", Kind.STRING));

	private static final int FIXED32_FIELD_SIZE = CodedOutputStream.computeFixed32Size(1, 0);

	private TinyMqWire() {
	}

	/**
	 * Read one message of the schema.
	 * @return the value of each field of the schema, in its order: a {@code Long} for {@code fixed32}, a
	 * {@code byte[]} for {@code string} and {@code bytes}; null for an optional field that is absent
	 * @throws Malformed if the bytes are not such a message, saying why
	 */
	static @Nullable Object[] read(Schema schema, byte[] payload) throws Malformed {
		@Nullable Object[] values = new Object[schema.fields().length];
		CodedInputStream in = CodedInputStream.newInstance(payload);
		try {
			for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
				int index = schema.indexOf(WireFormat.getTagFieldNumber(tag));
				if (index < 0) {
					in.skipField(tag);
					continue;
				}
				Field field = schema.fields()[index];
				int wireType = WireFormat.getTagWireType(tag);
				if (wireType != field.kind().wireType) {
					throw new Malformed(schema.name() + " field " + field.number() + " (" + field.name() + ") has wire "
							+ "type " + wireType + ", not " + field.kind().wireType + " for " + field.kind().protoName);
				}
				values[index] = (field.kind() == Kind.FIXED32) ? Integer.toUnsignedLong(in.readFixed32())
						: in.readByteArray();
			}
		}
		catch (InvalidProtocolBufferException ex) {
			throw new Malformed("not a protobuf " + schema.name() + " message: " + ex.getMessage());
		}
		catch (IOException ex) {
			// a stream over an array throws no other exception
			throw new IllegalStateException(ex);
		}
		for (int i = 0; i < values.length; i++) {
			Field field = schema.fields()[i];
			if (values[i] == null && field.required()) {
				throw new Malformed(schema.name() + " lacks its required field " + field.number() + " (" + field.name()
						+ ")");
			}
		}
		return values;
	}

	/**
	 * Return a {@code ConnStatus}.
	 */
	static byte[] connStatus(long status) {
		return fixed32Message(status);
	}

	/**
	 * Return an {@code Ack} of the given id, without flags.
	 */
	static byte[] ack(long id) {
		return fixed32Message(id);
	}

	/**
	 * Return the start of a {@code ContentRead}: every byte but those of its body, which follow it, field 3 being the
	 * last.
	 */
	static byte[] contentReadHead(long id, long status, int bodyLength) {
		byte[] head = new byte[2 * FIXED32_FIELD_SIZE + CodedOutputStream.computeTagSize(3)
				+ CodedOutputStream.computeUInt32SizeNoTag(bodyLength)];
		CodedOutputStream out = CodedOutputStream.newInstance(head);
		try {
			out.writeFixed32(1, fixed32(id));
			out.writeFixed32(2, fixed32(status));
			out.writeTag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
			out.writeUInt32NoTag(bodyLength);
			out.checkNoSpaceLeft();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return head;
	}

	/**
	 * A message of one {@code fixed32} field numbered 1: {@code ConnStatus}, and {@code Ack} without flags.
	 */
	private static byte[] fixed32Message(long value) {
		byte[] message = new byte[FIXED32_FIELD_SIZE];
		CodedOutputStream out = CodedOutputStream.newInstance(message);
		try {
			out.writeFixed32(1, fixed32(value));
			out.checkNoSpaceLeft();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return message;
	}

	private static int fixed32(long value) {
		if (value < 0 || value > 0xFFFF_FFFFL) {
			throw new IllegalArgumentException(value + " is not a fixed32, 0 to 4294967295");
		}
		return (int) value;
	}

	/**
	 * What a field holds, and the wire type it comes with.
	 */
	enum Kind {

		FIXED32(WireFormat.WIRETYPE_FIXED32, "fixed32"),

		STRING(WireFormat.WIRETYPE_LENGTH_DELIMITED, "string"),

		BYTES(WireFormat.WIRETYPE_LENGTH_DELIMITED, "bytes");

		final int wireType;

		final String protoName;

		Kind(int wireType, String protoName) {
			this.wireType = wireType;
			this.protoName = protoName;
		}

	}

	/**
	 * One field of a message.
	 */
	record Field(int number, String name, Kind kind, boolean required) {

		static Field required(int number, String name, Kind kind) {
			return new Field(number, name, kind, true);
		}

		static Field optional(int number, String name, Kind kind) {
			return new Field(number, name, kind, false);
		}

	}

	/**
	 * One message: its name and fields, numbered from 1 without gaps, as tinyMQ's are.
	 */
	record Schema(String name, Field... fields) {

		Schema {
			for (int i = 0; i < fields.length; i++) {
				if (fields[i].number() != i + 1) {
					throw new IllegalArgumentException(name + " field " + fields[i].name() + " is numbered "
							+ fields[i].number() + ", not " + (i + 1));
				}
			}
		}

		int indexOf(int number) {
			return (number >= 1 && number <= this.fields.length) ? number - 1 : -1;
		}

	}

	/**
	 * Bytes that are not the message expected.
	 */
	static final class Malformed extends Exception {

		Malformed(String message) {
			super(message, null, false, false);
		}

	}

}
