#!/usr/bin/env python3
"""Runs a command against a private distccd.

Usage: with_distccd.py <log file> <cmdlist file> -- <command...>

Starts distccd listening on 127.0.0.1 only, on a free port, accepting only
127.0.0.1, logging to <log file>, serving only the compilers listed in
<cmdlist file> (DISTCC_CMDLIST: how a farm admits a compiler wrapper); runs <command> with DISTCC_HOSTS naming that
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
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.exit(__doc__)
    log, cmdlist, command = sys.argv[1], sys.argv[2], sys.argv[4:]
    daemon_env = dict(os.environ)
    daemon_env["DISTCC_CMDLIST"] = os.path.abspath(cmdlist)
    # lit's TMPDIR is private to root; the jobs' user needs one of its own.
    tmp = os.path.abspath(log) + ".tmp"
    os.makedirs(tmp, exist_ok=True)
    os.chmod(tmp, 0o1777)
    daemon_env["TMPDIR"] = tmp
    port = free_port()
    # Started as root, distccd runs its jobs as the unprivileged 'distcc'
    # user, which must be able to write the log.
    with open(log, "w"):
        pass
    os.chmod(log, 0o666)
    daemon = subprocess.Popen(
        ["distccd", "--daemon", "--no-detach", "--listen", "127.0.0.1",
         "--allow", "127.0.0.1", "--port", str(port), "--jobs", "2",
         "--log-file", log, "--log-level", "info"],
        env=daemon_env, start_new_session=True)
    try:
        if not wait_listening(port, daemon, time.time() + 60):
            sys.exit("with_distccd: distccd did not start on 127.0.0.1:{} (see {})"
                     .format(port, log))
        env = dict(os.environ)
        env["DISTCC_HOSTS"] = "127.0.0.1:{}/2".format(port)
        env["DISTCC_FALLBACK"] = "0"
        env["DISTCC_SKIP_LOCAL_RETRY"] = "1"
        # The client's state directory (default ~/.distcc).
        env["DISTCC_DIR"] = os.path.abspath(log) + ".client"
        os.makedirs(env["DISTCC_DIR"], exist_ok=True)
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
