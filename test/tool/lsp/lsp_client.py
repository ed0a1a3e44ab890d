"""A small Language Server Protocol client for tests: JSON-RPC 2.0 over a
server's stdin/stdout with LSP's Content-Length framing (Python stdlib only).

Every wait has a deadline and is driven by the server's messages, never by
sleeping. Requests the server sends to the client (workspace/configuration,
window/workDoneProgress/create, client/registerCapability, ...) are answered
with `null` so that the server never blocks on us. On a failure the message
says what was awaited, what arrived instead, and how the server's log ends.
"""
import collections
import json
import os
import queue
import subprocess
import threading
import time


class LspError(Exception):
    """A failed expectation about the server; the message says what and why."""


class LspClient:
    def __init__(self, argv, cwd=None, env=None, log_lines=60):
        self.argv = argv
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=cwd, env=env)
        self._incoming = queue.Queue()
        self._stderr_tail = collections.deque(maxlen=log_lines)
        self._next_id = 1
        self._write_lock = threading.Lock()
        # Notifications that arrived while waiting for something else, oldest first.
        self._notifications = []
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    # --- transport -----------------------------------------------------------

    def _read_stdout(self):
        stream = self.proc.stdout
        try:
            while True:
                headers = {}
                while True:
                    line = stream.readline()
                    if not line:
                        self._incoming.put(None)  # end of stream
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    headers[name.strip().lower()] = value.strip()
                length = int(headers["content-length"])
                body = stream.read(length)
                self._incoming.put(json.loads(body.decode("utf-8")))
        except Exception as error:  # reported to the waiting thread
            self._incoming.put(error)

    def _read_stderr(self):
        for line in self.proc.stderr:
            self._stderr_tail.append(line.decode("utf-8", "replace").rstrip("\n"))

    def server_log_tail(self):
        return "\n".join(self._stderr_tail)

    def _send(self, message):
        body = json.dumps(message).encode("utf-8")
        with self._write_lock:
            try:
                self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
                self.proc.stdin.flush()
            except BrokenPipeError:
                raise self.failure("the server closed its input while we sent %s"
                                   % message.get("method", "a response"))

    def failure(self, what):
        status = self.proc.poll()
        state = "still running" if status is None else "exited with status %d" % status
        return LspError("%s\n  server: %s (%s)\n  server log, last lines:\n%s" % (
            what, " ".join(self.argv), state,
            "\n".join("    " + line for line in self.server_log_tail().splitlines())))

    # --- messages ------------------------------------------------------------

    def _receive(self, deadline, awaiting):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise self.failure("timed out waiting for %s" % awaiting)
        try:
            message = self._incoming.get(timeout=remaining)
        except queue.Empty:
            raise self.failure("timed out waiting for %s" % awaiting)
        if message is None:
            # Let stderr drain so the log tail is complete.
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            raise self.failure("the server closed its output while we waited for %s" % awaiting)
        if isinstance(message, Exception):
            raise self.failure("unreadable message from the server (%s) while we waited for %s"
                               % (message, awaiting))
        if "method" in message and "id" in message:
            # A request from the server: answer it so that it can go on.
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            return None
        return message

    def notify(self, method, params):
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params, timeout):
        """Sends a request and returns its result; notifications that arrive
        meanwhile are kept for wait_notification."""
        request_id = self._next_id
        self._next_id += 1
        self._send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        awaiting = "the response to %s (id %d, %gs)" % (method, request_id, timeout)
        while True:
            message = self._receive(deadline, awaiting)
            if message is None:
                continue
            if "method" in message:
                self._notifications.append(message)
                continue
            if message.get("id") != request_id:
                continue
            if "error" in message:
                raise self.failure("%s failed: %s" % (method, json.dumps(message["error"])))
            return message.get("result")

    def wait_notification(self, method, predicate, timeout, describe):
        """Returns the first notification `method` whose params satisfy
        `predicate`; `describe` names what is awaited for the failure message.
        Params of the notifications that did not match are listed on failure."""
        deadline = time.monotonic() + timeout
        seen = []
        awaiting = "%s (%gs)" % (describe, timeout)
        while True:
            while self._notifications:
                message = self._notifications.pop(0)
                if message["method"] == method:
                    if predicate(message["params"]):
                        return message["params"]
                    seen.append(message["params"])
            try:
                message = self._receive(deadline, awaiting)
            except LspError as error:
                if seen:
                    error.args = (error.args[0] + "\n  %s notifications that did not match:\n%s"
                                  % (method, "\n".join("    " + json.dumps(p) for p in seen)),)
                raise
            if message is not None and "method" in message:
                self._notifications.append(message)

    def shutdown(self, timeout):
        """shutdown, exit, and the server's exit status."""
        self.request("shutdown", None, timeout)
        self.notify("exit", None)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise self.failure("the server did not exit within %gs of the exit notification"
                               % timeout)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def path_to_uri(path):
    from urllib.parse import quote
    return "file://" + quote(os.path.abspath(path))
