"""`extractor review serve` as it is deployed: the CLI in a subprocess on a free loopback port, behind a
(pretend) TLS proxy named with ``--proxy``, or serving HTTPS itself with a certificate made here.

We play the proxy: a request from 127.0.0.1 carrying ``X-Forwarded-For``/``-Proto`` is what nginx would
send. The session cookie's ``Secure`` flag keeps httpx's cookie jar from returning it over plain HTTP, so the
proxy tests carry the cookie by hand, as the proxy does.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from extractor.review.app import SECRET_ENV, TOKEN_ENV
from extractor.store import Store
from tests.test_review_app import PASSWORD, USER, _csrf, _free_port

COOKIE = "extractor_review"


def _store(tmp: Path) -> str:
    db = f"sqlite:///{tmp / 'review.db'}"
    with Store(db) as store:
        store.add_user(USER, PASSWORD)
    return db


@contextmanager
def serving(tmp: Path, *flags: str) -> Iterator[int]:
    """``extractor review serve`` with ``flags`` on a free port of 127.0.0.1, until the block ends."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in (TOKEN_ENV, SECRET_ENV)}
    log = (tmp / f"serve-{port}.log").open("w+")
    cmd = [sys.executable, "-m", "extractor", "review", "serve", "--db", _store(tmp), "--port", str(port), *flags]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"review serve did not start: {log.read()}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def _cookie(resp: httpx.Response) -> tuple[str, set[str]]:
    """The session cookie a response sets: its ``name=value`` and its attribute names (lower case)."""
    for header in resp.headers.get_list("set-cookie"):
        pair, *attrs = header.split(";")
        if pair.startswith(f"{COOKIE}="):
            return pair, {a.strip().partition("=")[0].lower() for a in attrs}
    raise AssertionError(f"no {COOKIE} cookie in {resp.headers}")


class Proxied:
    """Login attempts as a proxy in front of the server forwards them: one pre-session, any client address."""

    def __init__(self, port: int) -> None:
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"x-forwarded-proto": "https"})
        page = self.client.get("/login")
        self.cookie, _ = _cookie(page)
        self.csrf = _csrf(page.text)
        self.client.cookies.clear()  # sent by hand below: the jar keeps a Secure cookie off plain HTTP

    def login(self, user: str, password: str, client: str) -> httpx.Response:
        form = {"username": user, "password": password, "csrf": self.csrf, "next": "/"}
        return self.client.post("/login", data=form, headers={"x-forwarded-for": client, "cookie": self.cookie})

    def fail_five_times(self, client: str) -> None:
        """Five wrong logins from ``client``, each under a new name, so only the address is counted five times."""
        codes = [self.login(f"nobody{i}-{client}", "guess", client).status_code for i in range(5)]
        assert codes == [401] * 5


def test_behind_the_named_proxy_the_cookie_is_secure_and_logins_are_throttled_per_forwarded_client(
    tmp_path: Path,
) -> None:
    with serving(tmp_path, "--proxy", "127.0.0.1") as port:
        proxy = Proxied(port)
        proxy.fail_five_times("198.51.100.7")
        assert proxy.login("someone", "guess", "198.51.100.7").status_code == 429  # that client waits …
        assert proxy.login("someone-else", "guess", "203.0.113.9").status_code == 401  # … another does not
        ok = proxy.login(USER, PASSWORD, "203.0.113.9")
        assert ok.status_code == 303, ok.text
        _, attrs = _cookie(ok)
        assert {"secure", "httponly"} <= attrs, attrs
        assert ok.headers["strict-transport-security"].startswith("max-age=")


def test_forwarded_headers_from_anyone_but_the_named_proxy_are_ignored(tmp_path: Path) -> None:
    with serving(tmp_path, "--proxy", "192.0.2.1") as port:  # the proxy is elsewhere; we are not it
        proxy = Proxied(port)
        proxy.fail_five_times("198.51.100.7")
        # keyed on the real peer (127.0.0.1): a made-up X-Forwarded-For does not escape the back-off
        r = proxy.login(USER, PASSWORD, "203.0.113.9")
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1


def _self_signed(tmp: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, PEM files in ``tmp``."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def test_with_a_certificate_it_serves_https_only_with_a_secure_cookie(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    with serving(tmp_path, "--ssl-certfile", str(cert), "--ssl-keyfile", str(key)) as port:
        trust = ssl.create_default_context(cafile=str(cert))
        with httpx.Client(base_url=f"https://127.0.0.1:{port}", verify=trust) as c:
            page = c.get("/login")
            form = {"username": USER, "password": PASSWORD, "csrf": _csrf(page.text), "next": "/"}
            ok = c.post("/login", data=form)
            assert ok.status_code == 303, ok.text
            _, attrs = _cookie(ok)
            assert {"secure", "httponly"} <= attrs, attrs
            assert ok.headers["strict-transport-security"].startswith("max-age=")
            assert c.get("/api/flags").status_code == 200  # the Secure cookie goes back over HTTPS
        with pytest.raises(httpx.RemoteProtocolError):  # plain HTTP gets no answer, not a page
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=10)


@pytest.mark.parametrize("flag", ["--ssl-certfile", "--ssl-keyfile"])
def test_one_ssl_flag_without_the_other_is_a_one_line_error(tmp_path: Path, flag: str) -> None:
    cmd = [sys.executable, "-m", "extractor", "review", "serve", "--db", _store(tmp_path), flag, "x.pem"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["error: --ssl-certfile and --ssl-keyfile go together"]
