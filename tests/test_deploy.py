"""The deployment the repository ships (deploy/, docs/deployment.md) works as shipped: the
systemd units pass systemd's own check and run commands the CLI takes, and the nginx example
is accepted by nginx and, in front of a real HTTP server, forwards what the service believes
(the scheme, the client's address, a request id) and stops what it should."""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import typer

from legaldesk.cli import app

ROOT = Path(__file__).resolve().parents[1]
UNITS = ROOT / "deploy" / "systemd"
NGINX = ROOT / "deploy" / "nginx" / "legaldesk.conf"
HOME = "/srv/legaldesk"  # where docs/deployment.md puts the checkout
PROGRAM = f"{HOME}/.venv/bin/legaldesk"


def _exec_starts() -> list[tuple[str, list[str]]]:
    found = []
    for unit in sorted(UNITS.glob("*.service")):
        for line in unit.read_text("utf-8").splitlines():
            if line.startswith("ExecStart="):
                found.append((unit.name, line.removeprefix("ExecStart=").lstrip("-@:+!").split()))
    return found


def test_every_unit_runs_a_command_the_cli_takes() -> None:
    """Each ExecStart is parsed by the real CLI, in this process, as `legaldesk ARGS`
    would parse it before running, values and all: a renamed command or option, or a value
    of the wrong kind, fails here rather than on the server. (Stricter than `ARGS --help`,
    which exits 0 before it converts any value.)"""
    starts = _exec_starts()
    assert {name for name, _ in starts} == {p.name for p in UNITS.glob("*.service")}
    command = typer.main.get_command(app)
    for name, (program, *arguments) in starts:
        assert program == PROGRAM, name
        leaf, called, rest = command, "legaldesk", list(arguments)
        while hasattr(leaf, "commands"):  # a group: the next word names one of its commands
            called, *rest = rest
            assert called in leaf.commands, (name, called)
            leaf = leaf.commands[called]
        leaf.make_context(called, rest)  # parses and converts, or raises
        wanted = {
            "legaldesk.service": "serve",
            "legaldesk-harvest.service": "harvest",
            "legaldesk-prune-changes.service": "prune-changes",
        }
        assert called == wanted[name]
    with pytest.raises(Exception, match="valid integer"):  # the check can fail
        command.commands["serve"].make_context("serve", ["--workers", "many"])  # type: ignore[attr-defined]
    # Every timer starts a service that is shipped beside it.
    for timer in UNITS.glob("*.timer"):
        assert timer.with_suffix(".service").exists(), timer.name


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="no systemd-analyze")
def test_the_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    """systemd's own reading of the units, with this checkout in place of /srv/legaldesk
    (it checks that the program exists). It warns about an unknown key or a bad value on
    stderr and still exits 0, so the test wants silence."""
    legaldesk = Path(sys.executable).parent / "legaldesk"
    for unit in UNITS.iterdir():
        text = unit.read_text("utf-8").replace(PROGRAM, str(legaldesk))
        (tmp_path / unit.name).write_text(text.replace(HOME, str(ROOT)), "utf-8")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 5

    verified = subprocess.run(
        ["systemd-analyze", "verify", *names], cwd=tmp_path, capture_output=True, text=True
    )
    assert (verified.returncode, verified.stdout, verified.stderr) == (0, "", "")

    broken = tmp_path / "legaldesk.service"
    broken.write_text(broken.read_text("utf-8").replace("KillMode=", "KilMode="), "utf-8")
    warned = subprocess.run(
        ["systemd-analyze", "verify", broken.name], cwd=tmp_path, capture_output=True, text=True
    )
    assert "Unknown key 'KilMode'" in warned.stderr


class _Echo(http.server.BaseHTTPRequestHandler):
    """The service's stand-in: answers with the path and headers it was sent."""

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        self._answer()

    def _answer(self) -> None:
        body = json.dumps({"path": self.path, "headers": dict(self.headers.items())}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def backend() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


@pytest.mark.skipif(
    not (shutil.which("nginx") and shutil.which("openssl")), reason="needs nginx and openssl"
)
def test_the_nginx_example_serves_https_and_forwards_what_the_service_believes(
    tmp_path: Path, backend: int
) -> None:
    key, cert = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-nodes", "-days", "1", "-subj", "/CN=pravo.example.ru"),
            *("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    plain, tls = _free_port(), _free_port()
    site = NGINX.read_text("utf-8")
    site = site.replace("/etc/letsencrypt/live/pravo.example.ru/", f"{tmp_path}/")
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{backend};")
    site = re.sub(r"\n\s*listen \[::\].*", "", site)  # loopback only in a test
    site = site.replace("listen 80;", f"listen 127.0.0.1:{plain};")
    site = site.replace("listen 443 ssl", f"listen 127.0.0.1:{tls} ssl")
    assert "live/pravo" not in site and f"127.0.0.1:{backend}" in site
    (tmp_path / "legaldesk.conf").write_text(site, "utf-8")
    # As Debian's /etc/nginx/nginx.conf includes sites-enabled/ in its http block.
    temp = "\n".join(f"{kind}_temp_path {tmp_path}/{kind};" for kind in TEMP_PATHS)
    # Workers of an nginx started by root run as nobody, who may not enter the test's folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"{user}pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{\n{temp}\naccess_log off;\ninclude {tmp_path}/legaldesk.conf;\n}}\n",
        "utf-8",
    )
    nginx = ["nginx", "-p", str(tmp_path), "-e", "stderr", "-c", str(tmp_path / "nginx.conf")]

    checked = subprocess.run([*nginx, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr and "[warn]" not in checked.stderr

    server = subprocess.Popen([*nginx, "-g", "daemon off;"], stderr=subprocess.PIPE)
    try:
        site_url = f"https://127.0.0.1:{tls}"
        with httpx.Client(verify=False, timeout=10) as client:
            _wait_for(client, site_url + "/healthz", server)
            moved = client.get(f"http://127.0.0.1:{plain}/search?q=налог")
            assert moved.status_code == 301
            assert (
                moved.headers["location"]
                == "https://127.0.0.1/search?q=%D0%BD%D0%B0%D0%BB%D0%BE%D0%B3"
            )

            # A client's own X-Forwarded-For and -Proto are replaced, never passed on.
            seen = client.get(
                site_url + "/documents/1",
                headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "http"},
            ).json()
            headers = {k.lower(): v for k, v in seen["headers"].items()}
            assert seen["path"] == "/documents/1"
            assert headers["x-forwarded-proto"] == "https"
            assert headers["x-forwarded-for"] == "127.0.0.1"
            assert re.fullmatch(r"[0-9a-f]{32}", headers["x-request-id"])
            assert headers["host"] == "127.0.0.1"

            assert client.get(site_url + "/metrics").status_code == 403
            assert client.get(site_url + "/login").status_code == 200  # pages are not counted
            statuses = [client.post(site_url + "/login", data={}).status_code for _ in range(25)]
            assert statuses[:21] == [200] * 21 and statuses[-1] == 429
            # An upload of the largest allowed size reaches the service.
            big = client.post(site_url + "/staff/upload", content=b"x" * (60 * 1024 * 1024))
            assert big.status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=10)


TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def _wait_for(client: httpx.Client, url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            client.get(url)
            return
        except httpx.TransportError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
