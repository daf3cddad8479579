"""Case files: the SPEC's schema loads; anything else is refused naming the field."""

from __future__ import annotations

import json

import pytest
from conftest import SPEC_CASE

from redactor.casefile import parse_case
from redactor.errors import BadInput


def test_spec_example_loads_into_frozen_objects() -> None:
    case = parse_case(SPEC_CASE.encode())
    assert case.case_id == "CS-2024-0317"
    assert [p.id for p in case.parties] == ["mother", "father", "child", "school"]
    assert case.party("mother").details["phone"] == ("07700 900461", "01632 960123")
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        case.party("mother").name = "x"  # type: ignore[misc]


def test_json_form_loads_the_same() -> None:
    import yaml

    data = yaml.safe_load(SPEC_CASE)
    assert parse_case(json.dumps(data).encode()) == parse_case(SPEC_CASE.encode())


BAD = [
    ("parties[1].details.address", SPEC_CASE.replace('address: ["22 Mill Lane, Congleton, CW12 1QJ"]', "address: 17"),
     "expected a list of strings"),
    ("parties[0].details.phone", SPEC_CASE.replace('phone: ["07700 900461", "01632 960123"]', "phone: [[1, 2]]"),
     "expected a list of strings"),
    ("case_id", SPEC_CASE.replace("case_id: CS-2024-0317\n", ""), "required field missing"),
    ("parties[0].colour", SPEC_CASE.replace("  - id: mother\n", "  - id: mother\n    colour: red\n"), "unknown field"),
    ("restricted from unknown party", SPEC_CASE.replace("restricted_from: [mother, child]", "restricted_from: [aunt]"),
     "unknown party"),
    ("party ids", SPEC_CASE.replace("id: child", "id: mother"), "unique"),
]  # fmt: skip


@pytest.mark.parametrize(("field", "text", "problem"), BAD, ids=[b[0] for b in BAD])
def test_bad_case_names_field_and_problem(field: str, text: str, problem: str) -> None:
    with pytest.raises(BadInput) as info:
        parse_case(text.encode(), "case.yaml")
    message = str(info.value)
    assert field in message and problem in message
    assert "\n" not in message


@pytest.mark.parametrize("raw", [b"\xff\xfe\x00bad", b"case_id: [unclosed", b"- just\n- a list\n", b""])
def test_unreadable_case_is_bad_input(raw: bytes) -> None:
    with pytest.raises(BadInput):
        parse_case(raw, "case.yaml")


def test_bad_value_is_never_quoted() -> None:
    text = SPEC_CASE.replace("case_id: CS-2024-0317", "case_id: [SK11 6QP]")
    with pytest.raises(BadInput) as info:
        parse_case(text.encode())
    assert "SK11" not in str(info.value)


def test_unknown_reader_is_bad_input_naming_the_parties() -> None:
    case = parse_case(SPEC_CASE.encode())
    with pytest.raises(BadInput) as info:
        case.party("uncle")
    assert "uncle" in str(info.value) and "mother" in str(info.value)


def test_yaml_alias_bomb_is_refused_at_once() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(12)
    )
    with pytest.raises(BadInput) as info:
        parse_case(bomb.encode(), "case.yaml")
    assert "aliases" in str(info.value)
