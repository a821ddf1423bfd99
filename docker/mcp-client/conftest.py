"""Fixtures for the MCP client tests: the git-llm binary, an isolated environment, a fixture
repository made with git, a recording proxy in front of the real test LLM server, and a model
server that never answers in time (fault injection, for cancelling).

GIT_LLM_BIN=/path/to/git-llm is needed (scripts/run-tests sets it); without it the tests are
skipped with that reason. The tests that talk to a model need GIT_LLM_TEST_OPENAI_URL (the test
LLM server, `scripts/test-llm-server start`); they are skipped without it, except in CI (CI=true)
or with GIT_LLM_REQUIRE_LLM_SERVER=1, where a missing server fails them.
"""

import json
import os
import select
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def binary() -> str:
    path = os.environ.get("GIT_LLM_BIN")
    if not path:
        pytest.skip("set GIT_LLM_BIN to a git-llm binary (scripts/run-tests does)")
    assert os.access(path, os.X_OK), f"GIT_LLM_BIN={path} is not executable"
    return path


@pytest.fixture(scope="session")
def llm_url() -> str:
    url = os.environ.get("GIT_LLM_TEST_OPENAI_URL", "").strip().rstrip("/")
    required = os.environ.get("CI", "").lower() in ("true", "1") or os.environ.get("GIT_LLM_REQUIRE_LLM_SERVER") == "1"
    if not url:
        if required:
            pytest.fail("GIT_LLM_TEST_OPENAI_URL is not set (make test starts the test LLM server)")
        pytest.skip("GIT_LLM_TEST_OPENAI_URL is not set (scripts/test-llm-server start)")
    return url


@pytest.fixture
def env(tmp_path) -> dict:
    """The server's environment: a home of its own, no global git config, no colour."""
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
        "NO_COLOR": "1",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        check=True,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(repo),
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Ada",
            "GIT_AUTHOR_EMAIL": "ada@example.com",
            "GIT_COMMITTER_NAME": "Ada",
            "GIT_COMMITTER_EMAIL": "ada@example.com",
        },
    )
    return result.stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    """Three commits of a small Python project, and a staged change to calc.py."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "calc.py").write_text("def add(a, b):\n    return a + b\n")
    (root / "README.md").write_text("# calc\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    (root / "calc.py").write_text("def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n")
    git(root, "commit", "-q", "-am", "Add sub")
    (root / "util.py").write_text("# TODO: remove\ndef twice(x):\n    return 2 * x\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Add util")
    (root / "calc.py").write_text(
        "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n\n\ndef div(a, b):\n    return a / b\n"
    )
    git(root, "add", "-A")
    return root


def write_local_config(repo: Path, text: str) -> None:
    """The repository's local layer (.git/git-llm.yaml): the user's own, so it may name endpoints."""
    (repo / ".git" / "git-llm.yaml").write_text(text)


class RecordingProxy:
    """Forwards every request to the real test LLM server and keeps the request bodies, so a test
    can see what left the machine."""

    def __init__(self, upstream: str):
        self.upstream = upstream.rstrip("/")
        if self.upstream.endswith("/v1"):
            self.upstream = self.upstream[: -len("/v1")]
        self.bodies: list[bytes] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet: pytest shows stderr of failures only
                pass

            def forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if body is not None:
                    proxy.bodies.append(body)
                request = urllib.request.Request(proxy.upstream + self.path, data=body, method=self.command)
                for key in ("Content-Type", "Accept", "Authorization"):
                    if self.headers.get(key):
                        request.add_header(key, self.headers[key])
                try:
                    with urllib.request.urlopen(request, timeout=300) as response:
                        status, content_type, payload = response.status, response.headers.get("Content-Type"), response.read()
                except urllib.error.HTTPError as error:
                    status, content_type, payload = error.code, error.headers.get("Content-Type"), error.read()
                self.send_response(status)
                self.send_header("Content-Type", content_type or "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = forward
            do_POST = forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(llm_url):
    recording = RecordingProxy(llm_url)
    yield recording
    recording.close()


class SlowModelServer:
    """An OpenAI-compatible server that takes too long: it records each request, then holds it
    until the client closes the connection (recorded in `closed`) or `hold` seconds pass, and
    then answers 500, so a client that ignored a cancel shows up as a further request."""

    def __init__(self, hold: float = 30.0):
        self.hold = hold
        self.lock = threading.Lock()
        self.requests: list[tuple[float, str]] = []  # (time.monotonic(), path)
        self.closed: list[float] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                with server.lock:
                    server.requests.append((time.monotonic(), self.path))
                if server.wait_for_close(self.connection):
                    self.close_connection = True
                    return
                payload = json.dumps({"error": {"message": "held too long", "type": "server_error"}}).encode()
                self.send_response(500)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def wait_for_close(self, connection) -> bool:
        """True once the client has closed `connection` (within `hold`), else False."""
        deadline = time.monotonic() + self.hold
        while time.monotonic() < deadline:
            ready, _, _ = select.select([connection], [], [], 0.05)
            if not ready:
                continue
            try:
                gone = connection.recv(1, socket.MSG_PEEK) == b""
            except OSError:
                gone = True
            if gone:
                with self.lock:
                    self.closed.append(time.monotonic())
                return True
            time.sleep(0.05)  # bytes we do not expect (a pipelined request): not a close
        return False

    def paths(self) -> list[str]:
        with self.lock:
            return [path for _, path in self.requests]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def slow_model():
    server = SlowModelServer()
    yield server
    server.close()
