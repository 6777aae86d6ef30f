# Sourced by `make test` (POSIX sh): make the system services the whole suite needs available.
#
# - Chromium (Debian's package; the Playwright UI tests drive it through `executable_path`, never
#   `playwright install`);
# - a PostgreSQL server with a test role and database, so the store tests run against a real server;
# - CJK fonts (scanned-page rendering) and tesseract (the optional second OCR engine).
#
# Installs Debian's packages when they are missing and we are root (or have sudo); otherwise says what is
# missing and leaves the variables unset, and those tests skip with that reason — except with CI=true,
# where a service that cannot start fails the run here (and the tests that need it fail, never skip).
# Exports EXTRACTOR_TEST_PG_URL and EXTRACTOR_CHROMIUM for pytest.

_as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi; }
_as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -c "$*"; else sudo -u postgres sh -c "$*"; fi; }

_missing=""
command -v chromium >/dev/null 2>&1 || _missing="$_missing chromium"
[ -d /usr/lib/postgresql ] || _missing="$_missing postgresql"
# CJK fonts for the rendered scans of eval/scans.py (and the varied faces of eval/bench_ocr_text.py), and the
# optional tesseract OCR engine
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || _missing="$_missing fonts-wqy-microhei"
[ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || _missing="$_missing fonts-wqy-zenhei"
[ -e /usr/share/fonts/truetype/arphic/uming.ttc ] || _missing="$_missing fonts-arphic-uming"
[ -e /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] || _missing="$_missing fonts-noto-cjk"
command -v tesseract >/dev/null 2>&1 || _missing="$_missing tesseract-ocr tesseract-ocr-chi-sim"
if [ -n "$_missing" ] && command -v apt-get >/dev/null 2>&1; then
    echo "services: installing Debian packages:$_missing"
    _as_root apt-get update -q >/dev/null && \
        _as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $_missing >/dev/null || \
        echo "services: could not install$_missing (need root or sudo); those tests will skip"
fi

if command -v chromium >/dev/null 2>&1; then
    export EXTRACTOR_CHROMIUM="$(command -v chromium)"
fi

if [ -d /usr/lib/postgresql ]; then
    _pg_version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
        if ! pg_lsclusters -h 2>/dev/null | grep -q "^${_pg_version} main"; then
            _as_root pg_createcluster "$_pg_version" main >/dev/null 2>&1 || true
        fi
        _as_root pg_ctlcluster "$_pg_version" main start 2>/dev/null || _as_root service postgresql start >/dev/null 2>&1 || true
        for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30; do
            pg_isready -q -h 127.0.0.1 -p 5432 && break
            sleep 1
        done
    fi
    if pg_isready -q -h 127.0.0.1 -p 5432 && { [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null 2>&1; }; then
        _as_postgres "psql -v ON_ERROR_STOP=1 -q -c \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'extractor') THEN CREATE ROLE extractor LOGIN PASSWORD 'extractor'; END IF; END \\\$\\\$;\""
        if ! _as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'extractor_test'\"" | grep -q 1; then
            _as_postgres "createdb -O extractor extractor_test"
        fi
        export EXTRACTOR_TEST_PG_URL="postgresql+psycopg://extractor:extractor@127.0.0.1:5432/extractor_test"
    else
        echo "services: no PostgreSQL server reachable on 127.0.0.1:5432; the PostgreSQL store tests will skip"
    fi
fi

if [ "${CI:-}" = "true" ] || [ "${CI:-}" = "1" ]; then
    _down=""
    [ -n "${EXTRACTOR_CHROMIUM:-}" ] || _down="$_down chromium"
    [ -n "${EXTRACTOR_TEST_PG_URL:-}" ] || _down="$_down postgresql"
    [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || _down="$_down fonts-wqy-microhei"
    command -v tesseract >/dev/null 2>&1 || _down="$_down tesseract-ocr"
    if [ -n "$_down" ]; then
        echo "services: CI=true and not available:$_down; failing instead of skipping their tests" >&2
        return 1 2>/dev/null || exit 1
    fi
fi
