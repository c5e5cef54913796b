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
COPY --from=build /src/app/target/conntrack-advisor.jar /opt/conntrack-advisor/conntrack-advisor.jar
USER conntrack-advisor
WORKDIR /var/lib/conntrack-advisor
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/conntrack-advisor/conntrack-advisor.jar"]
CMD ["--help"]
