"""`chartwright serve` as a process: the arguments editors pass, and the exit status LSP asks for
(0 after shutdown + exit, 1 after exit without shutdown or when the client goes away)."""

import json
import os
import pathlib
import subprocess

HERE = pathlib.Path(__file__).parent
BIN = os.environ.get("CHARTWRIGHT_BIN", str(HERE.parents[1] / "target" / "debug" / "chartwright"))


def frame(msg: dict) -> bytes:
    body = json.dumps(msg).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def session(args, messages, timeout=30):
    proc = subprocess.run(
        [BIN, *args],
        input=b"".join(frame(m) for m in messages),
        capture_output=True,
        timeout=timeout,
        env=dict(os.environ, CHARTWRIGHT_LOG="warn"),
    )
    return proc


INIT = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": None, "rootUri": None, "capabilities": {}}}
INITIALIZED = {"jsonrpc": "2.0", "method": "initialized", "params": {}}
SHUTDOWN = {"jsonrpc": "2.0", "id": 2, "method": "shutdown"}
EXIT = {"jsonrpc": "2.0", "method": "exit"}


def test_orderly_session_exits_zero_with_stdio_given_twice():
    # vscode-languageclient appends --stdio to the configured arguments.
    proc = session(["serve", "--stdio", "--stdio"], [INIT, INITIALIZED, SHUTDOWN, EXIT])
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    assert '"name":"chartwright"' in out and '"id":2' in out


def test_exit_without_shutdown_exits_one():
    proc = session(["serve"], [INIT, INITIALIZED, EXIT])
    assert proc.returncode == 1, proc.stderr.decode()


def test_client_going_away_exits_one():
    proc = session(["serve"], [INIT, INITIALIZED])
    assert proc.returncode == 1, proc.stderr.decode()
