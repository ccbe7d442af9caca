"""The service unit and the container image definition in deploy/ (issue 15): the unit passes
`systemd-analyze verify` (with its ExecStart pointed at this checkout's `rtt`); the
Containerfile is read instruction by instruction and checked for what the service needs; where
a container engine answers, the image is built and `rtt --help` run in it."""

from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

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
    assert steps[0][0] == "FROM"
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
