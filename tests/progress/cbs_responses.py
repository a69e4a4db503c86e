"""Hand-written responses in the shape of CBS StatLine's OData API (TableInfos, DataProperties,
TypedDataSet, the region dimension). The figures are synthetic test values, not CBS data."""

from __future__ import annotations

from typing import Any

BASE = "https://opendata.cbs.nl/ODataApi/odata"
PAGE_2 = f"{BASE}/85618NED/TypedDataSet?$format=json&$skiptoken=2"


def _props(inwoners_key: str, bijstand_key: str) -> dict[str, Any]:
    return {"odata.metadata": f"{BASE}/$metadata#Cbs.OData.DataProperties", "value": [
        {"odata.type": "Cbs.OData.GeoDimension", "ID": 0, "Position": 0, "ParentID": None, "Type": "GeoDimension",
         "Key": "WijkenEnBuurten", "Title": "Wijken en buurten", "Description": None},
        {"odata.type": "Cbs.OData.Topic", "ID": 1, "Position": 1, "ParentID": None, "Type": "Topic",
         "Key": "Gemeentenaam_1", "Title": "Gemeentenaam", "Datatype": "String", "Unit": "", "Decimals": 0},
        {"odata.type": "Cbs.OData.TopicGroup", "ID": 2, "ParentID": None, "Type": "TopicGroup", "Key": "Bevolking",
         "Title": "Bevolking"},
        {"odata.type": "Cbs.OData.Topic", "ID": 3, "Position": 2, "ParentID": 2, "Type": "Topic", "Key": inwoners_key,
         "Title": "Aantal inwoners", "Datatype": "Long", "Unit": "aantal", "Decimals": 0},
        {"odata.type": "Cbs.OData.Topic", "ID": 4, "Position": 3, "ParentID": 2, "Type": "Topic", "Key": bijstand_key,
         "Title": "Personen per soort uitkering; Bijstand", "Datatype": "Double", "Unit": "aantal", "Decimals": 0},
    ]}


def _regions(table: str) -> dict[str, Any]:
    return {"odata.metadata": f"{BASE}/{table}/$metadata#Cbs.OData.Dimensions", "value": [
        {"Key": "NL00      ", "Title": "Nederland", "Description": None},
        {"Key": "GM0917    ", "Title": "Heerlen", "Description": None},
        {"Key": "WK091701  ", "Title": "Wijk 01 Heerlerheide", "Description": None},
        {"Key": "BU09170101", "Title": "Heerlerheide-Centrum", "Description": None},
    ]}


def responses() -> dict[str, dict[str, Any]]:
    """Two tables (2023 and 2024) whose measure keys differ; the 2023 data set comes in two pages."""
    return {
        "85618NED/TableInfos": {"value": [{"ID": 0, "Title": "Kerncijfers wijken en buurten 2023",
                                           "Identifier": "85618NED", "Period": "2023",
                                           "Modified": "2024-07-31T02:00:00"}]},
        "85618NED/DataProperties": _props("AantalInwoners_5", "PersonenPerSoortUitkeringBijstand_80"),
        "85618NED/TypedDataSet": {"value": [
            {"ID": 0, "WijkenEnBuurten": "NL00      ", "Gemeentenaam_1": "Nederland",
             "AantalInwoners_5": 17811291, "PersonenPerSoortUitkeringBijstand_80": 410000.0},
            {"ID": 1, "WijkenEnBuurten": "GM0917    ", "Gemeentenaam_1": "Heerlen   ",
             "AantalInwoners_5": 86762, "PersonenPerSoortUitkeringBijstand_80": 4460.0},
        ], "odata.nextLink": PAGE_2},
        PAGE_2: {"value": [
            {"ID": 2, "WijkenEnBuurten": "WK091701  ", "Gemeentenaam_1": "Heerlen   ",
             "AantalInwoners_5": 9120, "PersonenPerSoortUitkeringBijstand_80": None},
            {"ID": 3, "WijkenEnBuurten": "BU09170101", "Gemeentenaam_1": "Heerlen   ",
             "AantalInwoners_5": 1510, "PersonenPerSoortUitkeringBijstand_80": "       ."},
        ]},
        "85618NED/WijkenEnBuurten": _regions("85618NED"),
        "85984NED/TableInfos": {"value": [{"ID": 0, "Title": "Kerncijfers wijken en buurten 2024",
                                           "Identifier": "85984NED", "Period": "2024",
                                           "Modified": "2025-06-30T02:00:00"}]},
        "85984NED/DataProperties": _props("AantalInwoners_6", "PersonenPerSoortUitkeringBijstand_81"),
        "85984NED/TypedDataSet": {"value": [
            {"ID": 0, "WijkenEnBuurten": "GM0917    ", "Gemeentenaam_1": "Heerlen   ",
             "AantalInwoners_6": 87000, "PersonenPerSoortUitkeringBijstand_81": 4300.0},
        ]},
        "85984NED/WijkenEnBuurten": _regions("85984NED"),
    }


class FakeCbs:
    """An injectable HTTP client: answers from the responses above and remembers what was asked."""

    def __init__(self, answers: dict[str, dict[str, Any]] | None = None) -> None:
        self.answers = answers if answers is not None else responses()
        self.asked: list[str] = []

    def get_json(self, url: str) -> dict[str, Any]:
        self.asked.append(url)
        if url in self.answers:
            return self.answers[url]
        path = url.removeprefix(BASE + "/").split("?", 1)[0]
        return self.answers[path]
