"""Two people edit the same funding stream: the first change wins, the second is told, nothing is lost."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from raadsmonitor.domain.access import Rol
from raadsmonitor.web.app import create_app
from tests.trust.api_support import Api, cheap_password_hashing, make_api

URL = "/api/v1/geldstromen/pmg"


@pytest.fixture
def api(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Api:
    cheap_password_hashing(monkeypatch)
    return make_api(engine, tmp_path / "basis")


def stored_amount(api: Api) -> str:
    amount: str = api.get(URL).json()["totaalbedrag"]
    return amount


def test_of_two_editors_with_the_same_version_the_first_wins_and_the_second_gets_412(api: Api) -> None:
    alice, bob = TestClient(create_app(api.engine)), TestClient(create_app(api.engine))
    headers = api.auth(Rol.PROGRAMMABUREAU)
    read_by_alice, read_by_bob = alice.get(URL, headers=headers), bob.get(URL, headers=headers)
    assert read_by_alice.headers["ETag"] == read_by_bob.headers["ETag"]
    first = alice.put(URL, json={**read_by_alice.json(), "totaalbedrag": "5700000"},
                      headers=headers | {"If-Match": read_by_alice.headers["ETag"]})
    second = bob.put(URL, json={**read_by_bob.json(), "totaalbedrag": "9999999"},
                     headers=headers | {"If-Match": read_by_bob.headers["ETag"]})
    assert (first.status_code, second.status_code) == (200, 412)
    assert second.json()["title"] == "Verouderde versie"
    assert stored_amount(api) == "5700000"


def _put_together(api: Api, etag: str, amounts: list[str]) -> list[tuple[int, str]]:
    """Send one PUT per amount from its own thread and client, released at the same moment."""
    barrier = threading.Barrier(len(amounts))
    results: list[tuple[int, str]] = []
    body: dict[str, Any] = api.get(URL).json()
    clients = {amount: TestClient(create_app(api.engine)) for amount in amounts}
    for client in clients.values():  # each app builds its routes on its first request: not inside the race
        assert client.get(URL, headers=api.auth(Rol.PROGRAMMABUREAU)).status_code == 200

    def put(amount: str) -> None:
        client = clients[amount]
        barrier.wait()
        response = client.put(URL, json={**body, "totaalbedrag": amount},
                              headers=api.auth(Rol.PROGRAMMABUREAU) | {"If-Match": etag})
        results.append((response.status_code, amount))

    threads = [threading.Thread(target=put, args=(amount,)) for amount in amounts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_simultaneous_changes_with_one_version_let_exactly_one_through(api: Api) -> None:
    for round_number in range(1, 4):
        etag = api.get(URL).headers["ETag"]
        amounts = [f"{round_number}100000", f"{round_number}200000", f"{round_number}300000"]
        results = _put_together(api, etag, amounts)
        statuses = sorted(status for status, _ in results)
        assert statuses == [200, 412, 412], results
        [winner] = [amount for status, amount in results if status == 200]
        assert stored_amount(api) == winner
