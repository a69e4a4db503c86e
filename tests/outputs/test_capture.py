"""The capture's normalisation hides only what is volatile, and a difference is shown as a diff (issue 15)."""

from __future__ import annotations

from tests.outputs import capture


def _chart(number: int) -> str:
    return (f'<svg aria-labelledby="tijdlijn-{number}-titel"><title id="tijdlijn-{number}-titel">Looptijd</title>'
            f'<pattern id="tijdlijn-{number}-arcering"></pattern><rect fill="url(#tijdlijn-{number}-arcering)"/></svg>')


def test_chart_ids_from_the_process_wide_counters_are_renumbered_per_output() -> None:
    first = capture.normalise_html(_chart(2) + _chart(3))
    later = capture.normalise_html(_chart(22) + _chart(23))
    assert first == later
    assert 'id="tijdlijn-n1-titel"' in first and 'id="tijdlijn-n2-titel"' in first  # two charts stay two


def test_other_numbers_and_ids_are_left_alone() -> None:
    text = '<select id="rol-1"></select><td>2016-2020</td><a href="/financien/stromen/syn-stroom-001">'
    assert capture.normalise_html(text) == text


def test_the_csrf_token_is_normalised_and_nothing_else_in_the_form() -> None:
    form = '<form action="/x"><input type="hidden" name="csrf" value="{}"><input name="naam" value="a"></form>'
    assert capture.normalise_html(form.format("abc")) == capture.normalise_html(form.format("xyz"))
    assert 'name="naam" value="a"' in capture.normalise_html(form.format("abc"))


def test_a_changed_missing_or_new_output_is_reported_with_a_diff() -> None:
    golden = {"pages/start": "status: 200\n\nregel een\nregel twee\n", "pages/weg": "x\n"}
    now = {"pages/start": "status: 200\n\nregel een\nregel drie\n", "pages/nieuw": "y\n"}
    hashes = {name: capture.sha256(text) for name, text in golden.items()}

    messages = capture.differences(hashes, golden, now)

    assert any("ontbreken: pages/weg" in message for message in messages)
    assert any("nieuw: pages/nieuw" in message for message in messages)
    diff = next(message for message in messages if message.startswith("--- golden/pages/start"))
    assert "-regel twee" in diff and "+regel drie" in diff


def test_identical_outputs_give_no_differences() -> None:
    outputs = {"api/themas~0001": '{\n "totaal": 4\n}\n'}
    assert capture.differences({name: capture.sha256(text) for name, text in outputs.items()}, outputs, outputs) == []
