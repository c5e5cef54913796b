# One image for every command: docker run IMAGE analyze|ship|streams|sink|broker|demo ...
# Build stage: the same Maven build as on a workstation.
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

# Runtime: a pinned JRE; journalctl (from systemd) for the ship command's journald source.
FROM eclipse-temurin:17.0.13_11-jre-jammy
RUN apt-get update \
 && apt-get install -y --no-install-recommends systemd \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home-dir /var/lib/conntrack-advisor --create-home conntrack-advisor
# The launcher starts every command, with the JVM options of deploy/jvm/ship.options for ship (the same file as on
# a workstation and in the systemd unit); it finds the jar and the options where the source tree has them.
COPY --from=build /src/app/target/conntrack-advisor.jar /opt/conntrack-advisor/app/target/conntrack-advisor.jar
COPY bin/conntrack-advisor /opt/conntrack-advisor/bin/conntrack-advisor
COPY deploy/jvm/ship.options /opt/conntrack-advisor/deploy/jvm/ship.options
ENV CONNTRACK_ADVISOR_SKIP_BUILD=1 JAVA_OPTS=-XX:+ExitOnOutOfMemoryError
USER conntrack-advisor
WORKDIR /var/lib/conntrack-advisor
ENTRYPOINT ["/opt/conntrack-advisor/bin/conntrack-advisor"]
CMD ["--help"]
