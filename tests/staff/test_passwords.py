"""Staff passwords: long, uncommon and not the username, read the same however they were typed; argon2id stays."""

from __future__ import annotations

import pytest

import tests.helpers.staff  # noqa: F401  (the cheap argon2 parameters for tests)
from staff import passwords


@pytest.mark.parametrize(
    ("password", "why"),
    [
        (" " * 20, "at least 12"),
        ("\u200b" * 20, "at least 12"),  # zero-width spaces look like nothing and count as nothing
        ("ｐａｓｓｗｏｒｄ", "at least 12"),  # full-width letters are the same eight letters
        ("aaaaaaaaaaaaaa", "too common"),
        ("1234567890123", "too common"),
        ("abcdefghijklmn", "too common"),
        ("password1234", "too common"),
        ("P@ssw0rd2024!", "too common"),
        ("qwertyuiop123", "too common"),
        ("li.agentli.agent", "username"),
        ("my name is Li.Agent ok", "username"),
        ("x" * 60_000, "at most 128"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password, why):
    with pytest.raises(passwords.WeakPassword, match=why):
        passwords.hash_password(password, "li.agent")


def test_a_passphrase_is_accepted_and_matches_however_it_is_typed():
    stored = passwords.hash_password("  lantern river orchard  ", "li.agent")
    assert stored.startswith("$argon2id$")
    assert passwords.verify(stored, "lantern river orchard")
    assert passwords.verify(stored, "ｌａｎｔｅｒｎ ｒｉｖｅｒ ｏｒｃｈａｒｄ")  # a Chinese keyboard in full-width mode
    assert not passwords.verify(stored, "lantern river orchard!")


def test_a_password_hashed_before_normalising_still_signs_in():
    legacy = passwords._hasher.hash(" old password with spaces ")
    assert passwords.verify(legacy, " old password with spaces ")
    assert not passwords.verify(legacy, "old password with spaces!")
