"""RFC 6238 codes: the current step and its neighbours, once each."""

import pyotp
import pytest

from api.accounts import totp

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = 1_800_000_015.0  # mid-step, so ±30 s lands on the neighbouring steps
STEP = int(NOW) // 30


def code_at(offset_steps: int) -> str:
    return pyotp.TOTP(SECRET).at(int(NOW) + 30 * offset_steps)


def test_right_code_is_accepted_and_tells_its_step() -> None:
    assert totp.matching_step(secret=SECRET, code=code_at(0), last_used_step=None, at=NOW) == STEP


def test_wrong_code_is_refused() -> None:
    wrong = f"{(int(code_at(0)) + 1) % 1_000_000:06d}"
    assert totp.matching_step(secret=SECRET, code=wrong, last_used_step=None, at=NOW) is None


def test_same_code_twice_is_refused() -> None:
    step = totp.matching_step(secret=SECRET, code=code_at(0), last_used_step=None, at=NOW)
    assert totp.matching_step(secret=SECRET, code=code_at(0), last_used_step=step, at=NOW) is None


def test_an_older_code_after_a_newer_one_is_refused() -> None:
    assert totp.matching_step(secret=SECRET, code=code_at(-1), last_used_step=STEP, at=NOW) is None


@pytest.mark.parametrize("offset", [-1, 1])
def test_code_one_step_away_is_accepted(offset: int) -> None:
    assert (
        totp.matching_step(secret=SECRET, code=code_at(offset), last_used_step=None, at=NOW)
        == STEP + offset
    )


@pytest.mark.parametrize("offset", [-2, 2])
def test_code_two_steps_away_is_refused(offset: int) -> None:
    assert (
        totp.matching_step(secret=SECRET, code=code_at(offset), last_used_step=None, at=NOW) is None
    )


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "12 34 5x"])
def test_malformed_codes_are_refused(code: str) -> None:
    assert totp.matching_step(secret=SECRET, code=code, last_used_step=None, at=NOW) is None


def test_spaces_typed_inside_a_code_are_ignored() -> None:
    spaced = code_at(0)[:3] + " " + code_at(0)[3:]
    assert totp.matching_step(secret=SECRET, code=spaced, last_used_step=None, at=NOW) == STEP


def test_enrolment_uri_and_qr_code() -> None:
    uri = totp.provisioning_uri(secret=SECRET, account="op@example.ma")
    assert uri.startswith("otpauth://totp/PORTNET:op%40example.ma?secret=" + SECRET)
    assert "issuer=PORTNET" in uri
    assert totp.qr_code_data_uri(uri).startswith("data:image/png;base64,iVBORw0KGgo")
