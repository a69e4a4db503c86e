"""The one HTTP client of every outside source (`sources/http.py`, issue 18), against a real local server."""

from __future__ import annotations

import pytest

from raadsmonitor.sources import cbs
from raadsmonitor.sources import openbesluitvorming as obv
from raadsmonitor.sources.http import HttpSource, SourceError, SourceNotFoundError
from tests.progress.fixture_server import serving

INFOS = "/ODataApi/odata/85318NED/TableInfos"


def test_a_passing_server_fault_is_tried_once_more_and_then_read() -> None:
    with serving() as server:
        server.passing[INFOS] = [503]
        client = cbs.UrllibClient(timeout=5)
        client.retry_wait = 0
        answer = client.get_json(f"{server.base}{INFOS}?$format=json")
    assert answer["value"][0]["Identifier"] == "85318NED"
    assert sum(INFOS in url for url in server.asked) == 2


def test_a_lasting_server_fault_is_a_dutch_error_of_the_source_after_the_retry() -> None:
    with serving() as server:
        server.passing[INFOS] = [502, 503]
        client = cbs.UrllibClient(timeout=5)
        client.retry_wait = 0
        with pytest.raises(cbs.CbsError) as error:
            client.get_json(f"{server.base}{INFOS}")
    assert str(error.value).startswith("CBS heeft een storing: het antwoordde met 503")
    assert "Probeer het later opnieuw." in str(error.value)
    assert isinstance(error.value, SourceError)


def test_a_404_is_not_tried_again_and_is_the_not_found_error_of_each_source() -> None:
    with serving() as server:
        with pytest.raises(cbs.CbsNietGevonden) as cbs_error:
            cbs.UrllibClient(timeout=5).get_json(f"{server.base}/odata/v1/CBS/00000NED/Properties")
        with pytest.raises(obv.ObvNietGevonden) as obv_error:
            obv.UrllibClient(timeout=5).get_page(f"{server.base}/api/export/snapshot?source=nergens")
        asked = list(server.asked)
    assert isinstance(cbs_error.value, SourceNotFoundError) and isinstance(obv_error.value, SourceNotFoundError)
    assert "CBS antwoordde met 404" in str(cbs_error.value)
    assert "OpenBesluitvorming antwoordde met 404" in str(obv_error.value)
    assert "bestaat deze bron (gemeente)?" in str(obv_error.value)
    assert len(asked) == 2  # once each


def test_a_4xx_other_than_404_is_refused_at_once() -> None:
    with serving() as server:
        server.faults[INFOS] = 400
        with pytest.raises(cbs.CbsError, match="CBS weigerde het verzoek met 400"):
            cbs.UrllibClient(timeout=5).get_json(f"{server.base}{INFOS}")
        assert len(server.asked) == 1


def test_an_answer_that_is_not_a_json_object_is_said_as_such() -> None:
    with serving() as server:
        server.answers[INFOS] = [1, 2, 3]
        with pytest.raises(SourceError, match="CBS stuurde geen JSON-object"):
            HttpSource("CBS", timeout=5).get_json(f"{server.base}{INFOS}")


def test_only_https_or_this_machine_is_read() -> None:
    with pytest.raises(obv.ObvError, match="alleen https-adressen"):
        obv.UrllibClient().get_page("http://openbesluitvorming.nl/api/export/snapshot")
    with pytest.raises(cbs.CbsError, match="alleen https-adressen"):
        cbs.UrllibClient().get_json("ftp://opendata.cbs.nl/ODataApi/odata/85318NED")
