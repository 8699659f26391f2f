# syntax=docker/dockerfile:1
# The one image of every todo service: `todo serve` (everything in one process) or
# `todo serve --target <app-id> --runtime dapr` (one service behind its Dapr sidecar).
# Built natively per architecture (linux/amd64 on ubuntu-24.04, linux/arm64 on
# ubuntu-24.04-arm; QEMU builds of Swift are very slow) and merged into one manifest list:
#   docker buildx build --platform linux/arm64 -t ghcr.io/OWNER/todo:dev .
# Base images are pinned by tag here and by digest through Dependabot's updates (written
# literally, not through ARGs: Dependabot and the scanners read only literal FROM lines).

# ---- build: the release binary with the Swift runtime linked in statically ----
FROM swift:6.3-noble AS build
# SQLite's headers for the CSQLite3 system library (found through pkg-config).
RUN export DEBIAN_FRONTEND=noninteractive \
 && apt-get update -q \
 && apt-get install -y -q --no-install-recommends libsqlite3-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /build
# Dependencies first: this layer is reused while only the sources change.
COPY Package.swift Package.resolve[d] ./
RUN swift package resolve
COPY . .
RUN swift build -c release --static-swift-stdlib --product todo \
 && bin="$(swift build -c release --static-swift-stdlib --show-bin-path)" \
 && mkdir -p /staging \
 && cp "$bin/todo" /staging/ \
 # SwiftPM resource bundles (openapi.yaml, the web UI) are looked up next to the binary.
 && find -L "$bin" -maxdepth 1 -name '*.resources' -exec cp -R {} /staging/ \; \
 && strip /staging/todo

# ---- runtime: Ubuntu with only the shared libraries the binary needs ----
FROM ubuntu:noble
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG SOURCE=https://github.com/todo/todo
LABEL org.opencontainers.image.title="todo" \
      org.opencontainers.image.description="AI todo chatbot on Dapr-style virtual actors: every service of the platform in one binary" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.base.name="docker.io/library/ubuntu:noble"
# The runtime packages, and nothing else: SQLite (actor and audit stores), CA certificates
# (SMTP STARTTLS, webhooks, the LLM API), time zones (recurrence rules in the user's zone), and
# libcurl, which the statically linked FoundationNetworking still loads (a static release link
# here failed with "cannot find -lcurl" without it; the swift:6.3-noble build image has its
# headers).
RUN export DEBIAN_FRONTEND=noninteractive \
 && apt-get update -q \
 && apt-get install -y -q --no-install-recommends libsqlite3-0 ca-certificates tzdata libcurl4t64 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /app --no-create-home --shell /usr/sbin/nologin todo \
 && mkdir -p /data \
 && chown todo:todo /data
WORKDIR /app
COPY --from=build /staging/ /app/
USER 10001:10001
ENV TODO_DATA_DIR=/data
EXPOSE 8080
# The orchestrator probes /healthz and /readyz itself (the chart's probes).
HEALTHCHECK NONE
ENTRYPOINT ["/app/todo"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
