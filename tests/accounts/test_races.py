"""Attacks that need requests at the same moment: each thread has its own database session,
as concurrent requests do, on SQLite and PostgreSQL."""

import threading
import time
from collections.abc import Callable
from typing import TypeVar

import pyotp
from sqlalchemy.orm import Session, sessionmaker

from api.accounts import service, totp
from api.accounts.models import User, UserCreate
from api.config import Settings
from api.database import make_engine, make_session_factory
from api.errors import ApiError

T = TypeVar("T")

THREADS = 4
ROUNDS = 5


def at_once(factory: sessionmaker[Session], calls: list[Callable[[Session], T]]) -> list[T | str]:
    """Runs each call in its own thread and session, all released together; a call's
    ApiError becomes its code. What a call returns is committed, as a route's would be."""
    barrier = threading.Barrier(len(calls))
    results: list[T | str] = [""] * len(calls)

    def run(index: int) -> None:
        with factory() as db:
            barrier.wait()
            try:
                results[index] = calls[index](db)
                db.commit()
            except ApiError as exc:
                db.rollback()
                results[index] = exc.code

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_a_totp_code_signs_in_once_even_sent_several_times_at_once(database_url: str) -> None:
    """Four sign-ins as one user, then the same current code four times concurrently: one
    session, three refusals (issue 12, item 1)."""
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    settings = Settings(database_url=database_url, login_max_failures=100)
    try:
        for round_ in range(ROUNDS):
            with factory() as db:
                user = service.create(
                    db=db,
                    user_in=UserCreate(
                        login=f"racer{round_}",
                        email=f"racer{round_}@example.ma",
                        display_name="Racer",
                    ),
                )
                secret = totp.new_secret()
                user.totp_secret = secret
                tokens = [
                    service.challenge(db=db, settings=settings, user=user).mfa_token
                    for _ in range(THREADS)
                ]
                db.commit()
            now = time.time()
            code = pyotp.TOTP(secret).at(int(now))

            def finish(token: str, code: str, now: float) -> Callable[[Session], str]:
                def call(db: Session) -> str:
                    service.finish_login(
                        db=db, settings=settings, mfa_token=token, code=code, client=None, at=now
                    )
                    return "signed_in"

                return call

            results = at_once(factory, [finish(token, code, now) for token in tokens])
            assert sorted(results) == ["invalid_code"] * (THREADS - 1) + ["signed_in"], (
                f"round {round_}: {results}"
            )
            with factory() as db:
                stored = db.get(User, user.id)
                assert stored is not None and stored.totp_last_step == int(now) // 30
    finally:
        engine.dispose()
