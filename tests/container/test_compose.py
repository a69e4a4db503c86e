"""Issue 21, tried as a municipality's IT person would: a clean copy of the repository, one configuration file
(sso.toml), then the README's two commands `docker compose build` and `docker compose up -d`. The monitor runs in its
container beside PostgreSQL in another, read-only and not as root, reports healthy, loads data and signs a griffier
in with single sign-on at a real OpenID Connect provider (oidc-provider-mock, started on this machine).

Needs a running container engine with compose (Docker with `docker compose`, or `docker-compose` 1.29). Where Docker
Hub cannot be reached, the images python:3.11-slim-bookworm and postgres:16-bookworm are replaced by stand-ins built
from Debian's packages: `deploy/basisimage.sh` and tests/container/postgres (`.ci/run` builds both when it needs them).
Skipped, with the reason, where none of this is available.
"""

from __future__ import annotations

import ipaddress
import json
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

import httpx
import pytest

from tests.oidc_provider import RunningProvider, free_port, path_of, running_provider, sso_config

ROOT = Path(__file__).resolve().parents[2]
OFFICIAL = ("python:3.11-slim-bookworm", "postgres:16-bookworm")
STAND_INS = ("raadsmonitor-basis:bookworm", "raadsmonitor-test-postgres:15")
PROJECT = "raadsmonitortest"

pytestmark = pytest.mark.container


def _run(*command: str, cwd: Path | None = None, env: dict[str, str] | None = None,
         check: bool = True, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} gaf {result.returncode}:\n{result.stdout[-3000:]}\n"
                             f"{result.stderr[-3000:]}")
    return result


def _compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if docker is None or subprocess.run([docker, "info"], capture_output=True).returncode != 0:
        return None
    if subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def _has_image(name: str) -> bool:
    return subprocess.run(["docker", "image", "inspect", name], capture_output=True).returncode == 0


def _images() -> dict[str, str] | None:
    """The base images to use: the official ones when present, else the stand-ins; None when neither is there."""
    if all(_has_image(name) for name in OFFICIAL):
        return {}
    if all(_has_image(name) for name in STAND_INS):
        return {"RAADSMONITOR_BASISIMAGE": STAND_INS[0], "RAADSMONITOR_POSTGRES_IMAGE": STAND_INS[1]}
    return None


def _host_address() -> str:
    """The host as the containers reach it: the gateway of the engine's default bridge."""
    config = json.loads(_run("docker", "network", "inspect", "bridge", "--format", "{{json .IPAM.Config}}").stdout)[0]
    return config.get("Gateway") or str(next(ipaddress.ip_network(config["Subnet"]).hosts()))


@dataclass
class Hosted:
    compose: list[str]
    folder: Path
    env: dict[str, str]
    url: str
    provider: RunningProvider

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return _run(*self.compose, "-p", PROJECT, *args, cwd=self.folder, env=self.env, check=check)


def _fresh_copy(target: Path) -> None:
    """What `git clone` gives: the files in the repository, nothing of this working tree's state."""
    files = _run("git", "ls-files", "-z", cwd=ROOT).stdout.split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def _wait_healthy(hosted: Hosted, deadline_s: float = 240) -> str:
    container = hosted.run("ps", "-q", "monitor").stdout.strip()
    deadline = time.monotonic() + deadline_s
    status = ""
    while time.monotonic() < deadline:
        status = _run("docker", "inspect", "--format", "{{.State.Health.Status}}", container).stdout.strip()
        if status == "healthy":
            return status
        time.sleep(3)
    logs = hosted.run("logs", "--tail", "50", "monitor", check=False)
    raise AssertionError(f"de monitor werd niet gezond ({status}):\n{logs.stdout}\n{logs.stderr}")


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hosted]:
    compose = _compose_command()
    if compose is None:
        pytest.skip("geen container-engine met compose (docker compose of docker-compose) die draait")
    images = _images()
    if images is None:
        pytest.skip(f"geen basisimages: niet {' en '.join(OFFICIAL)}, en ook niet de vervangers "
                    f"{' en '.join(STAND_INS)} (deploy/basisimage.sh en tests/container/postgres)")
    folder = tmp_path_factory.mktemp("gemeente")
    _fresh_copy(folder)
    address = _host_address()
    with running_provider(bind="0.0.0.0", address=address) as provider:  # noqa: S104 - the containers reach it
        # The one configuration file: sso.toml beside compose.yaml.
        (folder / "sso.toml").write_text(sso_config(provider.url), encoding="utf-8")
        port = free_port()
        env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
               "HOME": str(folder), "RAADSMONITOR_POORT": str(port),
               "RAADSMONITOR_DB_WACHTWOORD": secrets.token_urlsafe(12), **images}
        started = Hosted(compose, folder, env, f"http://127.0.0.1:{port}", provider)
        try:
            started.run("build")
            started.run("up", "-d")
            _wait_healthy(started)
            yield started
        finally:
            started.run("down", "-v", "--remove-orphans", check=False)


def test_the_monitor_runs_healthy_beside_postgresql_from_the_readmes_two_commands(hosted: Hosted) -> None:
    health = httpx.get(f"{hosted.url}/gezondheid", timeout=10)
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    services = set(hosted.run("ps", "--services").stdout.split())
    assert services == {"database", "monitor"}
    # PostgreSQL answers only on the internal network: the database publishes no port.
    assert hosted.run("port", "database", "5432", check=False).stdout.strip() in ("", ":0")


def test_the_monitor_runs_as_its_own_user_on_a_read_only_file_system(hosted: Hosted) -> None:
    assert hosted.run("exec", "-T", "monitor", "id", "-u").stdout.strip() == "10001"
    refused = hosted.run("exec", "-T", "monitor", "touch", "/opt/raadsmonitor/nieuw", check=False)
    assert refused.returncode != 0 and "Read-only file system" in refused.stderr
    hosted.run("exec", "-T", "monitor", "touch", "/data/schrijfbaar")


class _Browser:
    """Cookies kept by hand: the monitor sets them Secure (behind the municipality's https proxy), which an HTTP
    client on plain http would otherwise not send back."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}

    def get(self, path: str) -> httpx.Response:
        header = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        response = httpx.get(self.base + path, headers={"cookie": header} if header else {}, timeout=30)
        for raw in response.headers.get_list("set-cookie"):
            cookie = SimpleCookie()
            cookie.load(raw)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response


def test_a_griffier_signs_in_with_single_sign_on_and_reads_the_data_loaded_in_the_container(hosted: Hosted) -> None:
    loaded = hosted.run("exec", "-T", "monitor", "raadsmonitor", "demo", "--no-serve")
    assert "Demo Heerlen-Noord geladen in postgresql" in loaded.stdout
    hosted.provider.set_user("griffier-7", {"preferred_username": "b.smeets", "name": "Bep Smeets",
                                           "groups": ["rm-griffie"], "amr": ["pwd", "mfa"]})
    browser = _Browser(hosted.url)
    assert browser.get("/gegevenspakket").status_code in (303, 401, 403)  # not signed in yet
    start = browser.get("/aanmelden/sso?volgende=/gegevenspakket")
    assert start.status_code == 303 and start.headers["location"].startswith(hosted.provider.url)
    callback = hosted.provider.authorize(start.headers["location"], "griffier-7")
    assert callback.startswith(f"{hosted.url}/aanmelden/sso/terug?")
    back = browser.get(path_of(callback))
    assert back.status_code == 303 and back.headers["location"] == "/gegevenspakket", back.text[:500]
    page = browser.get("/gegevenspakket")
    assert page.status_code == 200 and "Gegevenspakket" in page.text
    start_page = browser.get("/")
    if start_page.status_code in (302, 303, 307):
        start_page = browser.get(start_page.headers["location"])
    assert "Heerlen-Noord" in start_page.text
    users = json.loads(hosted.run("exec", "-T", "monitor", "raadsmonitor", "users", "list", "--format",
                                  "json").stdout)
    assert [(user["naam"], user["rol"]) for user in users if user["naam"] == "b.smeets"] == [("b.smeets", "griffie")]
