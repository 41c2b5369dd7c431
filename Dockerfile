# Multi-stage build of the server and ingest binaries with the front-end
# assets (ECharts, the Baotou map) taken from npm at the pinned versions.
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY web/package.json web/package-lock.json web/
COPY scripts/build-assets.sh scripts/
COPY server/static server/static
RUN bash scripts/build-assets.sh

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=assets /src/server/static server/static
RUN CGO_ENABLED=0 go build -trimpath -o /out/server ./server && \
    CGO_ENABLED=0 go build -trimpath -o /out/ingest ./ingest

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates chromium fonts-noto-cjk && \
    rm -rf /var/lib/apt/lists/*
COPY --from=build /out/server /out/ingest /usr/local/bin/
WORKDIR /var/lib/industrydash
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/server"]
