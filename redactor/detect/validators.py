"""Named checks that a pattern match must also pass (checksums, digit counts).

Recognizers name these in rules/recognizers.yaml (`validator:`); code lives here
only where a rule cannot be written as a pattern.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from redactor.ruleset import Words


def digits_of(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def national_phone(text: str) -> str:
    """UK phone digits in national form: +44 / 0044 become a leading 0."""
    digits = digits_of(text)
    for prefix in ("0044", "44"):
        if digits.startswith(prefix):
            rest = digits[len(prefix) :]
            rest = rest if rest.startswith("0") else "0" + rest
            return rest if len(rest) in (10, 11) else digits
    return digits


def uk_phone(text: str) -> bool:
    digits = national_phone(text)
    return len(digits) in (10, 11) and digits[:2] in {"01", "02", "03", "05", "07", "08"}


def international_phone(text: str) -> bool:
    """A number written with its country code ("+43 732 38 77 330") that is a valid number there."""
    import phonenumbers

    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(text, None)))
    except phonenumbers.NumberParseException:
        return False


def nhs_checksum(text: str) -> bool:
    digits = digits_of(text)
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def named_institution(text: str, words: Words) -> bool:
    """A school or workplace needs at least one distinctive word (rules/words.yaml lists the generic ones)."""
    seen = [w.strip(".,'’").lower() for w in text.split()]
    return any(w and w not in words.generic_institution_words for w in seen)


NAMES = ("uk_phone", "international_phone", "nhs_checksum", "named_institution")


def validators(words: Words) -> dict[str, Callable[[str], bool]]:
    """The checks that recognizers name (`validator:`), with the word lists they read."""
    return {
        "uk_phone": uk_phone,
        "international_phone": international_phone,
        "nhs_checksum": nhs_checksum,
        "named_institution": partial(named_institution, words=words),
    }
