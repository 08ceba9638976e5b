# Release image of the TrackChild server with the SPA.
# NOTE: not built by CI, because no Docker engine runs on the development or CI machines.
# It was checked by reading only; see docker-compose.yml.

# Build stage: the SPA (wasm32) and the release binary, on the same Rust as development.
FROM rust:1.95-trixie AS build
WORKDIR /src

RUN rustup target add wasm32-unknown-unknown

# wasm-bindgen-cli must match the wasm-bindgen version in Cargo.lock exactly. It is installed
# before the sources are copied, so a source change does not rebuild it.
COPY Cargo.lock ./
RUN version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock) \
    && test -n "$version" \
    && cargo install wasm-bindgen-cli --version "=$version"

COPY Cargo.toml ./
COPY crates crates
COPY frontend frontend
COPY migrations migrations
COPY scripts scripts

RUN scripts/build-spa.sh --release \
    && cargo build --release -p trackchild-server

# Runtime stage: the binary links only libc, libm and libgcc_s, so a slim Debian suffices.
FROM debian:trixie-slim

# ca-certificates lets outbound HTTPS calls, such as webhooks, verify servers.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/trackchild --shell /usr/sbin/nologin trackchild \
    && mkdir -p /var/lib/trackchild/photos \
    && chown -R trackchild:trackchild /var/lib/trackchild

COPY --from=build /src/target/release/trackchild /usr/local/bin/trackchild
COPY --from=build /src/frontend/dist /usr/share/trackchild/static

USER trackchild
WORKDIR /var/lib/trackchild
ENV TRACKCHILD_DATA_DIR=/var/lib/trackchild
EXPOSE 8080

# No --demo: the server binds to loopback only while demo accounts exist, and a container
# must bind to all interfaces to be reachable.
CMD ["trackchild", "serve", "--bind", "0.0.0.0:8080", "--static-dir", "/usr/share/trackchild/static"]
