package dev.dsmq.server.protocol;

import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.io.IOContext;
import tools.jackson.core.json.ByteSourceJsonBootstrapper;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.core.sym.ByteQuadsCanonicalizer;

/**
 * A JSON factory whose parsers of byte arrays keep the property names they meet to themselves. A factory's parsers
 * share one table of canonical names, which outlives every request and which Jackson lets grow to 6,000 names;
 * bodies with long names are read with this factory instead, so that no client's long names are kept. A table of
 * one's own costs about a microsecond per body, which is why it is kept for those.
 */
final class PrivateNamesJsonFactory extends JsonFactory {

	PrivateNamesJsonFactory(JsonFactoryBuilder builder) {
		super(builder);
	}

	@Override
	protected JsonParser _createParser(ObjectReadContext readContext, IOContext ioContext, byte[] data, int offset,
			int length) {
		return new ByteSourceJsonBootstrapper(ioContext, data, offset, length).constructParser(readContext,
				readContext.getStreamReadFeatures(this._streamReadFeatures),
				readContext.getFormatReadFeatures(this._formatReadFeatures), ByteQuadsCanonicalizer.createRoot(),
				this._rootCharSymbols, this._factoryFeatures);
	}

}
