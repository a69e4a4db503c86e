"""Every optimisation keeps the outputs identical (issue 15): the pages, the API lists and the reports, captured
by content on the demo and on a generated national package, are those of the golden files, on SQLite and on
PostgreSQL alike (one set of golden files: both stores must give the same outputs).

After a change that is meant to change an output, regenerate the golden files with
`python -m tests.outputs.capture --write` and review their diff (tests/outputs/README.md).
"""

from __future__ import annotations

import pytest

from tests.outputs import capture


@pytest.mark.parametrize("package", capture.PACKAGES)
def test_the_outputs_are_those_of_the_golden_files(package: str, store_url: str) -> None:
    expected, expected_content = capture.read_golden(capture.GOLDEN, package)
    assert expected, f"geen golden files voor {package}; maak ze met python -m tests.outputs.capture --write"
    # The golden files themselves agree with their list of sha256 sums.
    for name, text in expected_content.items():
        assert capture.sha256(text) == expected[name], f"golden/{package}/{capture.file_name(name)} klopt niet " \
                                                       "met SHA256SUMS; schrijf ze opnieuw met --write"

    actual = capture.capture(store_url, package)

    problems = capture.differences(expected, expected_content, actual)
    if problems:
        pytest.fail(f"De uitvoer van {package} op {store_url.split(':')[0]} verschilt van de golden files "
                    "(tests/outputs/README.md):\n\n" + "\n\n".join(problems), pytrace=False)
