"""ObjectIDGenerator numbers objects by identity, as .NET's does."""

from __future__ import annotations

import pytest

from serialkit import ObjectIDGenerator


def test_ids_follow_first_encounter_and_identity() -> None:
    """1 for the first object, the same id again for it, 2 for an equal but distinct one."""
    gen = ObjectIDGenerator()
    a, b = [1], [1]
    assert [(1, True), (1, False), (2, True)] == [gen.get_id(a), gen.get_id(a), gen.get_id(b)]


def test_has_id_does_not_number() -> None:
    """has_id reports (0, True) for an unseen object and does not number it."""
    gen = ObjectIDGenerator()
    seen, unseen = object(), object()
    gen.get_id(seen)
    assert ((1, False), (0, True), (2, True)) == (
        gen.has_id(seen), gen.has_id(unseen), gen.get_id(unseen))


def test_none_has_no_id() -> None:
    """None is refused, as .NET refuses a null object."""
    with pytest.raises(ValueError, match="None"):
        ObjectIDGenerator().get_id(None)
