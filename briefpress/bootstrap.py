"""First-run set-up, standard library only: a local virtual environment with the project in it.

``python3 build.py`` on a fresh machine creates ``.venv``, installs the project with its test
tools, installs the system libraries it needs where it can (root with apt), then re-runs itself
inside that environment. Later runs go straight through.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
VENV = PROJECT / ".venv"
STAMP = VENV / ".briefpress-installed"
# Exact versions, with their hashes, of everything the build and the tests use: the same WeasyPrint,
# pypdf and vl-convert lay out the same bytes. Refreshed by the command in the README.
LOCK = PROJECT / "requirements.lock"
SYSTEM_PACKAGES = {
    # Debian package: a file (or program) whose absence means it is missing.
    "libharfbuzz-subset0": "/usr/lib/x86_64-linux-gnu/libharfbuzz-subset.so.0",
    "poppler-utils": "pdftoppm",
    "qpdf": "qpdf",
    "mupdf-tools": "mutool",
}


def _venv_python() -> Path:
    return VENV / "bin" / "python"


def _wanted_stamp() -> str:
    return hashlib.sha256((PROJECT / "pyproject.toml").read_bytes() + LOCK.read_bytes()).hexdigest()


def _missing_system_packages() -> list[str]:
    missing = []
    for package, probe in SYSTEM_PACKAGES.items():
        found = Path(probe).exists() if probe.startswith("/") else shutil.which(probe)
        if package == "libharfbuzz-subset0" and not found:
            found = any(Path("/usr/lib").glob("*/libharfbuzz-subset.so.0"))
        if not found:
            missing.append(package)
    return missing


def _install_system_packages() -> None:
    missing = _missing_system_packages()
    if not missing or os.geteuid() != 0 or not shutil.which("apt-get"):
        if missing:
            print(f"note: not installed (needs root and apt): {' '.join(missing)}", file=sys.stderr)
        return
    print(f"installing system packages: {' '.join(missing)}", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing]
    if subprocess.run(install, env=env, stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, stdout=subprocess.DEVNULL)
        subprocess.run(install, env=env, stdout=subprocess.DEVNULL, check=False)


def _create_environment() -> None:
    print("setting up .venv (first run)...", file=sys.stderr)
    if not _venv_python().exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(_venv_python()), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "--require-hashes", "-r", str(LOCK)], check=True)
    # The project itself on top, its dependencies already there at the locked versions.
    subprocess.run([*pip, "--no-deps", "--no-build-isolation", "-e", str(PROJECT)], check=True)
    STAMP.write_text(_wanted_stamp())


def ensure_environment(argv: list[str]) -> None:
    """Return when running inside the ready environment; otherwise set it up and re-run in it."""
    if os.environ.get("BRIEFPRESS_NO_BOOTSTRAP") or Path(sys.prefix).resolve() == VENV.resolve():
        return
    ready = STAMP.is_file() and STAMP.read_text() == _wanted_stamp()
    if not ready:
        _install_system_packages()
        _create_environment()
    python = str(_venv_python())
    os.execv(python, [python, *argv])
