"""engine.output.jsontext writes what json.dumps(ensure_ascii=False, indent=2) writes: the
standard library's pure-Python encoder is the independent reference."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.output.jsontext import write

plain = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
keys = st.text() | st.integers() | st.floats() | st.booleans() | st.none()
values = st.recursive(
    plain,
    lambda inner: (
        st.lists(inner, max_size=5) | st.lists(inner, max_size=3).map(tuple) | st.dictionaries(keys, inner, max_size=5)
    ),
    max_leaves=40,
)


def pieces(data: object) -> list[str]:
    written: list[str] = []
    write(data, written.append)
    return written


def reference(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


@settings(max_examples=500, deadline=None)
@given(values)
def test_same_text_as_the_standard_encoder(data: object) -> None:
    assert "".join(pieces(data)) == reference(data)


@pytest.mark.parametrize(
    "data",
    [{}, [], (), "", 0, None, {"": []}, [{}, [[]]], {"a": {"b": {"c": [1, 2.5, "é\n\u202e\\"]}}}, [1e300, -0.0]],
)
def test_edges(data: object) -> None:
    assert "".join(pieces(data)) == reference(data)


def test_a_kpi_list_is_one_piece_per_kpi() -> None:
    kpis = [{"id": f"k{n}", "W": "1.5", "reason": None} for n in range(100)]
    data = {"bodies": [{"id": "b", "kpis": kpis}]}
    assert "".join(pieces(data)) == reference(data)
    assert len(pieces(data)) < 2 * len(kpis) + 20


@pytest.mark.parametrize("data", [{"x": Decimal(1)}, [object()], {(1, 2): 1}, {"a": [{Decimal(1): 1}]}])
def test_what_json_refuses_is_refused(data: object) -> None:
    # (the wording is the encoder's: the C one and the Python one word a bad key differently)
    with pytest.raises(TypeError):
        reference(data)
    with pytest.raises(TypeError):
        "".join(pieces(data))


def test_a_container_holding_itself_is_refused_as_json_refuses_it() -> None:
    looped: list[object] = []
    looped.append([looped, 1])
    with pytest.raises(ValueError, match="Circular reference detected"):
        reference(looped)
    with pytest.raises(ValueError, match="Circular reference detected"):
        pieces(looped)
    shared = [1, 2]
    twice = {"a": [shared, {}], "b": [shared, None]}  # the same list twice is no loop
    assert "".join(pieces(twice)) == reference(twice)
