"""The service unit and the container image definition in deploy/ (issue 15): the unit passes
`systemd-analyze verify` (with its ExecStart pointed at this checkout's `rtt`); the
Containerfile is read instruction by instruction and checked for what the service needs; where
a container engine answers, the image is built and `rtt --help` run in it."""

from __future__ import annotations

import configparser
import contextlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
UNIT = ROOT / "deploy" / "rtt-intake.service"
CONTAINERFILE = ROOT / "deploy" / "Containerfile"
INSTRUCTIONS = {
    "FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER",
    "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
}


def _unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(UNIT.read_text())
    return parser


def test_the_systemd_unit_verifies_and_runs_rtt_run_as_its_own_user(tmp_path: Path) -> None:
    unit = _unit()
    service = unit["Service"]
    assert service["ExecStart"].split()[1:] == ["run"]
    assert service["User"] == "rtt" and service["KillSignal"] == "SIGTERM"
    assert service["RestartPreventExitStatus"].split() == ["2", "3"]  # bad setting, store in use
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    analyze = shutil.which("systemd-analyze")
    if analyze is None:  # the parse above is the check where systemd is not installed
        return
    local = tmp_path / UNIT.name
    rtt = Path(sys.executable).with_name("rtt")
    local.write_text(UNIT.read_text().replace("/opt/rtt-intake/.venv/bin/rtt", str(rtt)))
    result = subprocess.run([analyze, "verify", str(local)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not result.stderr.strip() and not result.stdout.strip(), result.stderr


def _instructions() -> list[tuple[str, str]]:
    text = CONTAINERFILE.read_text().replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        assert word.upper() in INSTRUCTIONS and word == word.upper(), f"not an instruction: {line}"
        out.append((word, rest.strip()))
    return out


def test_the_containerfile_builds_a_non_root_image_that_runs_rtt_run() -> None:
    steps = _instructions()
    assert [word for word, _ in steps[:2]] == ["ARG", "FROM"] and steps[1][1] == "${BASE}"
    copied = {rest.split()[0] for word, rest in steps if word == "COPY"}
    packages = [p.split(" = ")[0].strip('"* ') for p in _setuptools_include()]
    missing = [p for p in packages if p not in copied]
    assert not missing, f"packages not copied into the image: {missing}"
    users = [rest for word, rest in steps if word == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert ("ENTRYPOINT", '["/opt/rtt-intake/.venv/bin/rtt"]') in steps and ("CMD", '["run"]') in steps
    health = next(rest for word, rest in steps if word == "HEALTHCHECK")
    assert "/healthz" in health
    assert not any("SECRET" in rest or "PASSWORD" in rest for word, rest in steps if word in ("ENV", "ARG"))
    engine = shutil.which("podman") or shutil.which("docker")
    if engine is None or subprocess.run([engine, "info"], capture_output=True, timeout=30).returncode != 0:
        return  # no container engine here: the checks above are the test
    tag = "rtt-intake-test:latest"
    build = subprocess.run([engine, "build", "-f", str(CONTAINERFILE), "-t", tag, str(ROOT)],
                           capture_output=True, text=True, timeout=1800)
    assert build.returncode == 0, build.stderr[-3000:]
    ran = subprocess.run([engine, "run", "--rm", tag, "--help"], capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0 and "run" in ran.stdout


def _setuptools_include() -> list[str]:
    for line in (ROOT / "pyproject.toml").read_text().splitlines():
        if line.startswith("include = ["):
            return [p.strip() for p in shlex.split(line.split("[", 1)[1].rstrip("]").replace(",", " "))]
    pytest.fail("pyproject.toml has no setuptools include list")


@pytest.mark.slow
@pytest.mark.system
def test_the_image_builds_and_answers_healthz_watching_a_real_mailbox() -> None:
    """Where Docker's daemon and debootstrap are installed and we are root: a daemon of the test's
    own (no bridge, no iptables: the build and the container use the host's network), a base image
    made from Debian's packages (the default base's registry is out of reach on a machine that
    reaches only the package registries; this machine's trusted CAs go into it), the Containerfile
    built on it, and the container started against a real Dovecot and SMTP listener: its
    /healthz answers 200 with the mailbox connected. About 10 minutes."""
    missing = [tool for tool in ("dockerd", "docker", "debootstrap") if shutil.which(tool) is None]
    if missing or os.geteuid() != 0:
        pytest.skip(f"needs root, dockerd and debootstrap (apt-get install docker.io debootstrap): {missing}")
    from tests.mailflow.servers import free_port, wait_until

    with _docker_daemon() as docker, _mail_servers() as (dovecot, smtp):
        base = _debian_base_image(docker)
        build = docker("build", "--network", "host", "--build-arg", f"BASE={base}", "-f", str(CONTAINERFILE),
                       "-t", "rtt-intake-test:latest", str(ROOT), timeout=1800)
        assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
        port = free_port()
        settings = {
            "RTT_IMAP_HOST": "127.0.0.1", "RTT_IMAP_PORT": str(dovecot.port), "RTT_IMAP_USER": "attendance",
            "RTT_IMAP_PASSWORD": "secret", "RTT_IMAP_TLS": "none", "RTT_SMTP_HOST": "127.0.0.1",
            "RTT_SMTP_PORT": str(smtp.port), "RTT_SMTP_TLS": "none", "RTT_WEB_ENABLED": "true",
            "RTT_WEB_HOST": "127.0.0.1", "RTT_WEB_PORT": str(port), "RTT_WEB_SECURE_COOKIES": "false",
        }
        env_args = [arg for key, value in settings.items() for arg in ("-e", f"{key}={value}")]
        started = docker("run", "-d", "--network", "host", "--name", "rtt-intake-test", *env_args,
                         "rtt-intake-test:latest", timeout=120)
        assert started.returncode == 0, started.stderr
        try:
            status = wait_until(lambda: _healthz(port) if _healthz(port)[0] == 200 else None, 120,
                                "the container's /healthz to answer 200")
            health = status[1]
            (box,) = health["mailboxes"]
            assert box["connected"] and box["leader"] and health["database"]["reachable"]
            user = docker("exec", "rtt-intake-test", "id", "-u", timeout=30)
            assert user.stdout.strip() == "10001"
        finally:
            logs = docker("logs", "rtt-intake-test", timeout=30)
            docker("rm", "-f", "rtt-intake-test", timeout=60)
        assert "Traceback" not in logs.stdout + logs.stderr


def _healthz(port: int) -> tuple[int, dict[str, Any]]:
    import json
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {}
    except OSError:
        return 0, {}


class Docker:
    """The docker client, talking to the test's own daemon."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def __call__(self, *args: str, timeout: float) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["docker", "-H", self.socket, *args], capture_output=True, text=True,
                              timeout=timeout, check=False)

    def load(self, tag: str, rootfs: Path) -> None:
        """A root file system as an image."""
        tar = subprocess.run(["tar", "-C", str(rootfs), "-c", "."], capture_output=True, timeout=600,
                             check=True)
        done = subprocess.run(["docker", "-H", self.socket, "import", "-", tag], input=tar.stdout,
                              capture_output=True, timeout=600, check=False)
        assert done.returncode == 0, done.stderr[-2000:]


@contextlib.contextmanager
def _docker_daemon() -> Iterator[Docker]:
    """dockerd with its own data, state and socket under a temporary folder, stopped afterwards."""
    root = Path(tempfile.mkdtemp(prefix="rtt-dk-"))
    socket = f"unix://{root}/docker.sock"
    log = open(root / "dockerd.log", "wb")  # noqa: SIM115
    daemon = subprocess.Popen(
        ["dockerd", "--data-root", str(root / "data"), "--exec-root", str(root / "exec"),
         "--pidfile", str(root / "dockerd.pid"), "-H", socket, "--bridge", "none", "--iptables=false"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    docker = Docker(socket)

    try:
        deadline = time.monotonic() + 60
        while docker("info", timeout=30).returncode != 0:
            alive = daemon.poll() is None and time.monotonic() < deadline
            assert alive, (root / "dockerd.log").read_text()[-2000:]
            time.sleep(1)
        yield docker
    finally:
        daemon.terminate()
        try:
            daemon.wait(60)
        except subprocess.TimeoutExpired:
            daemon.kill()
        log.close()
        _unmount_under(root)
        subprocess.run(["rm", "-rf", "--one-file-system", str(root)], check=False, timeout=300)


def _unmount_under(root: Path) -> None:
    """What dockerd left mounted under its folders (its network namespace), deepest first."""
    mounts = [line.split()[1] for line in Path("/proc/mounts").read_text().splitlines()]
    for point in sorted((m for m in mounts if m.startswith(f"{root}/") or m == str(root)), reverse=True):
        subprocess.run(["umount", "-l", point], capture_output=True, check=False, timeout=60)


@contextlib.contextmanager
def _mail_servers() -> Iterator[tuple[Any, Any]]:
    from tests.mailflow.servers import Dovecot, SmtpServer

    dovecot, smtp = Dovecot(), SmtpServer()
    dovecot.add_user("attendance")
    dovecot.start()
    smtp.start()
    try:
        yield dovecot, smtp
    finally:
        smtp.stop()
        dovecot.cleanup()


def _debian_base_image(docker: Docker) -> str:
    """Debian bookworm with Python 3.11 as `python`, from Debian's packages (debootstrap), with
    this machine's trusted certificates; imported into the test's daemon."""
    tag = "rtt-test-base:bookworm"
    rootfs = Path(tempfile.mkdtemp(prefix="rtt-rootfs-"))
    try:
        made = subprocess.run(
            ["debootstrap", "--variant=minbase",
             "--include=python3,python3-venv,python-is-python3,ca-certificates",
             "bookworm", str(rootfs), _debian_mirror()],
            capture_output=True, text=True, timeout=1200, check=False,
        )
        assert made.returncode == 0, made.stdout[-2000:] + made.stderr[-2000:]
        shutil.copy("/etc/ssl/certs/ca-certificates.crt", rootfs / "etc/ssl/certs/ca-certificates.crt")
        docker.load(tag, rootfs)
    finally:
        subprocess.run(["rm", "-rf", "--one-file-system", str(rootfs)], check=False, timeout=300)
    return tag


def _debian_mirror() -> str:
    """The Debian mirror this machine's apt uses."""
    for source in sorted(Path("/etc/apt").rglob("*.sources")):
        for line in source.read_text().splitlines():
            if line.startswith("URIs:") and "security" not in line:
                return line.split()[1]
    for line in Path("/etc/apt/sources.list").read_text().splitlines():
        if line.startswith("deb ") and "security" not in line:
            return line.split()[1]
    pytest.fail("no Debian mirror found in /etc/apt")
