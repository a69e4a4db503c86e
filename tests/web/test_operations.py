"""Operations (issue 21): /metrics in the Prometheus text format behind a setting, and a health check that
checks the store."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from raadsmonitor.web import metrics
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import DEMO_SETTINGS


def _value(text: str, series: str) -> float:
    found = re.search(rf"^{re.escape(series)} (\S+)$", text, re.MULTILINE)
    assert found is not None, f"{series} ontbreekt"
    return float(found.group(1))


def test_metrics_are_off_unless_the_setting_says_so(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(metrics.ENV_METRICS, raising=False)
    client = TestClient(create_app(engine, DEMO_SETTINGS))
    assert client.get("/metrics").status_code == 404


def test_metrics_count_requests_latencies_and_failed_sign_ins(client: TestClient, engine: Engine,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(metrics.ENV_METRICS, "ja")
    monkeypatch.setenv(metrics.ENV_TOKEN, "geheim-token")
    app = TestClient(create_app(engine, DEMO_SETTINGS))
    assert app.get("/metrics").status_code == 401
    before = app.get("/metrics", headers={"Authorization": "Bearer geheim-token"}).text
    proces = re.search(r'proces="(\d+)"', before).group(1)  # type: ignore[union-attr]
    ok_series = f'raadsmonitor_http_requests_total{{proces="{proces}",methode="GET",status="200"}}'
    failed = f'raadsmonitor_sign_in_failures_total{{proces="{proces}",soort="wachtwoord"}}'
    count = f'raadsmonitor_http_request_duration_seconds_count{{proces="{proces}"}}'
    ok_before = _value(before, ok_series) if ok_series in before else 0.0
    for _ in range(3):
        assert app.get("/themas").status_code == 200
    page = app.get("/aanmelden").text
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert app.post("/aanmelden", data={"naam": "niemand", "wachtwoord": "fout", "csrf": token}).status_code == 401
    after = app.get("/metrics", headers={"Authorization": "Bearer geheim-token"})
    assert after.headers["content-type"].startswith("text/plain; version=0.0.4")
    assert _value(after.text, ok_series) == ok_before + 4  # three pages and the sign-in form
    assert _value(after.text, failed) == _value(before, failed) + 1
    assert _value(after.text, count) == _value(before, count) + 5
    assert "# TYPE raadsmonitor_imports_total counter" in after.text


def test_the_health_check_checks_the_store(client: TestClient, engine: Engine) -> None:
    assert client.get("/gezondheid").json() == {"status": "ok"}
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE auditregels")
    response = client.get("/gezondheid")
    assert response.status_code == 503
    assert response.json()["melding"] == "de database is niet bereikbaar"
