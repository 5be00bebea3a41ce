"""Time-based one-time codes (RFC 6238: 30-second steps, 6 digits) and enrolment QR codes."""

import time

import pyotp
import segno

ISSUER = "PORTNET"
STEP_SECONDS = 30
# A code from the step before or after the current one still counts (clock drift).
VALID_WINDOW = 1


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(*, secret: str, account: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def qr_code_data_uri(uri: str) -> str:
    return segno.make(uri, error="m").png_data_uri(scale=5, border=2)


def current_code(secret: str, *, at: float | None = None) -> str:
    return pyotp.TOTP(secret).at(int(at if at is not None else time.time()))


def matching_step(
    *, secret: str, code: str, last_used_step: int | None, at: float | None = None
) -> int | None:
    """The time step `code` belongs to, if it is valid and newer than the last accepted one.

    Returning the step lets the caller remember it: the same code, or any older one,
    is refused afterwards (replay protection).
    """
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    now = int(at if at is not None else time.time())
    totp = pyotp.TOTP(secret)
    current = now // STEP_SECONDS
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            if last_used_step is not None and step <= last_used_step:
                return None
            return step
    return None
