# The dsmq server as a container image, with the dsmq command line on its PATH: docker build -t dsmq .
# Both bases can be replaced (--build-arg BUILD_BASE=... --build-arg BASE=...); the build base needs a JDK 17 or
# newer, the runtime base a JRE of the same or a newer release, a POSIX shell and bash (for the health check).
ARG BUILD_BASE=docker.io/library/eclipse-temurin:25-jdk
ARG BASE=docker.io/library/eclipse-temurin:25-jre

FROM ${BUILD_BASE} AS build
WORKDIR /build
# Maven and the dependencies in a layer of their own, so that a change to the sources does not download them again.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src src
# The executable jar split into Spring Boot's layers, each an application jar beside the libraries it references:
# the layout the JVM's AOT cache and CDS can archive (class directories and nested jars cannot be).
# Installed, because the command line's build below resolves the server as its tests' dependency (dsmq-test).
RUN ./mvnw -B -ntp -q install -DskipTests \
	&& jar="$(find target -maxdepth 1 -name 'dsmq-server-*.jar' ! -name '*-classes.jar')" \
	&& java -Djarmode=tools -jar "$jar" extract --layers --destination extracted --application-filename dsmq-server.jar
# The dsmq command line, cli/target/dsmq.jar: one jar with the Java client, built from the client's reactor.
COPY starter starter
COPY cli cli
RUN ./mvnw -B -ntp -q -f starter/pom.xml -pl :dsmq-cli -am package -Dmaven.test.skip=true

FROM ${BASE}
# A fixed, unprivileged user, so that volumes can be prepared for it; groupadd and useradd where the base has them.
RUN if command -v groupadd >/dev/null && command -v useradd >/dev/null; then \
		groupadd --gid 10001 dsmq \
		&& useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin dsmq; \
	else \
		echo 'dsmq:x:10001:' >> /etc/group \
		&& echo 'dsmq:x:10001:10001:dsmq:/nonexistent:/usr/sbin/nologin' >> /etc/passwd; \
	fi \
	&& mkdir -p /var/lib/dsmq \
	&& chown 10001:10001 /var/lib/dsmq
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
COPY docker/start docker/healthcheck bin/
COPY --from=build /build/cli/target/dsmq.jar ./
COPY docker/dsmq /usr/local/bin/dsmq

# A small server's JVM: the project's JVM options file, which the java launcher reads through JDK_JAVA_OPTIONS (the
# README's Footprint section explains each line). The start-up cache below is made with these options. Both ports
# listen on every interface of the container, which is what -p publishes; the server's own default is loopback.
COPY src/main/jvm/dsmq.options ./
ENV JDK_JAVA_OPTIONS=@/app/dsmq.options \
	DSMQ_HOST=0.0.0.0 \
	SERVER_ADDRESS=0.0.0.0

# A training run that starts the application context and exits before anything listens, recording what start-up
# loads: an AOT cache where the JVM makes one (JDK 25 and newer), else a CDS archive. Nothing is left behind but
# the cache: the temporary files go to a directory that is removed again.
RUN training="-Dspring.context.exit=onRefresh -Djava.io.tmpdir=/app/training -Ddsmq.port=0 -Dserver.port=0" \
	&& mkdir training \
	&& if java -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput '; then \
		java -XX:AOTCacheOutput=dsmq.aot $training -jar dsmq-server.jar; \
	else \
		java -XX:ArchiveClassesAtExit=dsmq.jsa $training -jar dsmq-server.jar; \
	fi \
	&& rm -rf training /tmp/hsperfdata_root
# The command line's own start-up cache, made with the wrapper's options and without the server's: a put to a port
# where nothing listens loads what a command loads, up to the connect (it fails, as it should, with exit code 69).
RUN cli="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" \
	&& if java -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput '; then \
		cache="-XX:AOTCacheOutput=dsmq-cli.aot" file=dsmq-cli.aot; \
	else \
		cache="-XX:ArchiveClassesAtExit=dsmq-cli.jsa" file=dsmq-cli.jsa; \
	fi \
	&& { env -u JDK_JAVA_OPTIONS java $cli $cache -jar dsmq.jar put --port=1 training x >/dev/null 2>&1 || true; } \
	&& test -s "$file" \
	&& env -u JDK_JAVA_OPTIONS java $cli -jar dsmq.jar --version \
	&& rm -rf /tmp/hsperfdata_root

USER 10001:10001
EXPOSE 30008 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["/app/bin/healthcheck"]
ENTRYPOINT ["/app/bin/start"]
