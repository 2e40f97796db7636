#!/usr/bin/env python3
"""Runs a command against a private distccd.

Usage: with_distccd.py <log file> -- <command...>

Starts distccd listening on 127.0.0.1 only, on a free port, accepting only
127.0.0.1, logging to <log file>; runs <command> with DISTCC_HOSTS naming that
daemon and DISTCC_FALLBACK=0 (so a failed remote compile is a failure, not a
silent local compile); stops the daemon (its own process group, by id) and
exits with the command's status.
"""

import os
import signal
import socket
import subprocess
import sys
import time


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_listening(port, daemon, deadline):
    while time.time() < deadline:
        if daemon.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit(__doc__)
    log, command = sys.argv[1], sys.argv[3:]
    port = free_port()
    daemon = subprocess.Popen(
        ["distccd", "--daemon", "--no-detach", "--listen", "127.0.0.1",
         "--allow", "127.0.0.1", "--port", str(port), "--jobs", "2",
         "--log-file", log, "--log-level", "info"],
        start_new_session=True)
    try:
        if not wait_listening(port, daemon, time.time() + 60):
            sys.exit("with_distccd: distccd did not start on 127.0.0.1:{} (see {})"
                     .format(port, log))
        env = dict(os.environ)
        env["DISTCC_HOSTS"] = "127.0.0.1:{}/2".format(port)
        env["DISTCC_FALLBACK"] = "0"
        env["DISTCC_SKIP_LOCAL_RETRY"] = "1"
        code = subprocess.call(command, env=env)
    finally:
        try:
            os.killpg(daemon.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            daemon.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(daemon.pid, signal.SIGKILL)
            daemon.wait()
    sys.exit(code)


if __name__ == "__main__":
    main()
