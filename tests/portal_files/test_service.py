"""api.portal_files.service over the demo tables: one test per function, and who sees what."""

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.accounts import __main__ as accounts_cli
from api.accounts.models import User
from api.config import Settings, get_settings
from api.database import make_engine, make_session_factory
from api.errors import ApiError, NotFound
from api.migrate import upgrade
from api.portal_files import chat, seed, service
from api.portal_files.catalog import FILE_KINDS, KINDS
from api.portal_files.models import FileFilters, PortalFile
from api.portal_files.sources import Scope, Sources, sources_for


@pytest.fixture
def sources(db: Session) -> Sources:
    return sources_for(settings=Settings(database_url="sqlite://"), db=db)


def test_kind_or_raise_names_the_kinds() -> None:
    assert service.kind_or_raise("dfd").page == "Gestion des demandes"
    with pytest.raises(ApiError) as refused:
        service.kind_or_raise("passport")
    assert refused.value.code == "portal_file_unknown_kind"
    assert refused.value.status_code == 422


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("dfd", "20263000000123", "20263000000123"),
        ("dfd", " 2026 3000 0001 23 ", "20263000000123"),
        ("dfd", "2026300000012", None),  # 13 digits
        ("invoice", "f 2026 000123", "F-2026-000123"),
        ("invoice", "F2026000123", "F-2026-000123"),
        ("title", "2026300000000000801", "2026300000000000801"),
        ("mic_request", "2026-4000-0000-0000-421", "2026400000000000421"),
        ("manifest", "man-2026-00042", "MAN-2026-00042"),
        ("manifest", "20263000000123", None),
    ],
)
def test_normalize_reference_reads_the_guides_formats(
    kind: str, raw: str, expected: str | None
) -> None:
    assert service.normalize_reference(kind=kind, raw=raw) == expected  # type: ignore[arg-type]


def test_scope_of_each_kind_of_user(people: dict[str, User]) -> None:
    assert service.scope_of(user=people["operator"]) == Scope(owner_ice=seed.DEMO_ICE)
    assert service.scope_of(user=people["bank"]) == Scope(bank=seed.DEMO_BANK)
    assert service.scope_of(user=people["douane"]) == Scope(administration="douane")
    assert service.scope_of(user=people["mic"]) == Scope(administration="mic")
    assert service.scope_of(user=people["agent"]) is None
    assert service.scope_of(user=people["no_ice"]) is None


def test_can_see_owner_bank_and_addressee_only(sources: Sources, people: dict[str, User]) -> None:
    dfd = sources.dfd.get(reference="20263000000123")
    title = sources.title.get(reference="2026300000000000801")
    mic = sources.mic_request.get(reference="2026400000000000421")
    assert dfd is not None and title is not None and mic is not None
    assert service.can_see(user=people["operator"], record=dfd)
    assert not service.can_see(user=people["other_operator"], record=dfd)
    assert service.can_see(user=people["douane"], record=dfd)
    assert not service.can_see(user=people["mic"], record=dfd)
    assert not service.can_see(user=people["bank"], record=dfd)
    assert service.can_see(user=people["bank"], record=title)
    assert not service.can_see(user=people["douane"], record=title)
    assert service.can_see(user=people["mic"], record=mic)
    assert not service.can_see(user=people["douane"], record=mic)
    assert not service.can_see(user=people["agent"], record=dfd)
    assert not service.can_see(user=people["no_ice"], record=dfd)


def test_get_visible_normalises_and_hides_others_files(
    sources: Sources, people: dict[str, User]
) -> None:
    found = service.get_visible(
        sources=sources, kind="dfd", reference="2026 3000 0001 23", user=people["operator"]
    )
    assert found is not None and found.status == "new"
    assert (
        service.get_visible(
            sources=sources, kind="dfd", reference="20263000000311", user=people["operator"]
        )
        is None
    )
    assert (
        service.get_visible(
            sources=sources, kind="dfd", reference="not-a-dfd", user=people["operator"]
        )
        is None
    )


def test_get_visible_or_raise_tells_someone_else_s_file_like_an_unknown_one(
    sources: Sources, people: dict[str, User]
) -> None:
    errors = []
    for reference in ("20263000000311", "20269999999999"):
        with pytest.raises(NotFound) as missing:
            service.get_visible_or_raise(
                sources=sources, kind="dfd", reference=reference, user=people["operator"]
            )
        errors.append((missing.value.code, missing.value.params))
    assert errors[0] == errors[1] == ("portal_file_not_found", {})
    assert (
        service.get_visible_or_raise(
            sources=sources, kind="invoice", reference="F-2026-000187", user=people["operator"]
        ).status
        == "pending_confirmation"
    )


def test_list_visible_applies_scope_and_filters(sources: Sources, people: dict[str, User]) -> None:
    mine = service.list_visible(
        sources=sources, user=people["operator"], kinds=FILE_KINDS, filters=FileFilters()
    )
    assert mine and all(r.owner_ice == seed.DEMO_ICE for r in mine)
    assert [r.created_at for r in mine] == sorted((r.created_at for r in mine), reverse=True)
    expired = service.list_visible(
        sources=sources,
        user=people["operator"],
        kinds=("title",),
        filters=FileFilters(status="expired"),
    )
    assert [r.reference for r in expired] == ["2026300000000000803"]
    by_office = service.list_visible(
        sources=sources,
        user=people["operator"],
        kinds=("dfd",),
        filters=FileFilters(category="tunisie"),
    )
    assert [r.reference for r in by_office] == ["20263000000123"]
    bank = service.list_visible(
        sources=sources, user=people["bank"], kinds=FILE_KINDS, filters=FileFilters()
    )
    assert {r.kind for r in bank} == {"title"} and all(r.bank == seed.DEMO_BANK for r in bank)
    douane = service.list_visible(
        sources=sources, user=people["douane"], kinds=FILE_KINDS, filters=FileFilters()
    )
    assert {r.kind for r in douane} == {"dfd", "manifest"}
    assert (
        service.list_visible(
            sources=sources, user=people["agent"], kinds=FILE_KINDS, filters=FileFilters()
        )
        == []
    )
    with pytest.raises(ApiError) as refused:
        service.list_visible(
            sources=sources,
            user=people["operator"],
            kinds=("dfd",),
            filters=FileFilters(status="paid"),
        )
    assert refused.value.code == "portal_file_unknown_status"


def test_to_read_gives_meaning_next_step_and_the_guide_section(sources: Sources) -> None:
    record = sources.title.get(reference="2026300000000000803")
    assert record is not None
    read = service.to_read(record=record, lang="fr")
    assert read.status_label == "Échu"
    assert read.page == "Consultation Titre et documents"
    assert read.source.guide == "portail-banques"
    assert "Accès à un service" in read.source.section
    assert read.next_step and read.status_meaning
    assert {c.key for c in read.columns} >= {"category", "amount", "currency", "bank"}
    assert service.to_read(record=record, lang="ar").status_label == "منتهي الصلاحية"
    assert service.to_read(record=record, lang="darija").status_label == "Échu"


def test_every_status_of_the_demo_files_is_a_known_one(sources: Sources) -> None:
    for data in seed.DEMO_FILES:
        assert data["status"] in KINDS[data["kind"]].statuses


def test_find_references_in_a_message() -> None:
    found = service.find_references(text="Où en est ma DFD 2026 3000 0001 23 ?")
    assert [(c.kind, c.reference) for c in found] == [("dfd", "20263000000123")]
    found = service.find_references(text="ma facture f-2026-000187 est-elle payée ?")
    assert [(c.kind, c.reference) for c in found] == [("invoice", "F-2026-000187")]
    # 19 digits fit an import title and a MIC request alike.
    found = service.find_references(text="status of my import licence 2026400000000000421")
    assert {c.kind for c in found} == {"title", "mic_request"}
    found = service.find_references(text="le navire IMO 9700001 est arrivé ?")
    assert [(c.kind, c.reference) for c in found] == [("manifest", "IMO9700001")]
    assert service.find_references(text="bonjour, où en est mon dossier ?") == []


def test_status_text_tells_status_dates_next_step_and_page(sources: Sources) -> None:
    record = sources.dfd.get(reference="20263000000123")
    assert record is not None
    text = service.status_text(read=service.to_read(record=record, lang="fr"), lang="fr")
    assert "20263000000123" in text and "Nouveau" in text
    assert "18/11/2026" in text and "Gestion des demandes" in text and "/portals/pmpce" in text


def test_my_files_turn_asks_an_anonymous_conversation_to_sign_in(
    db: Session, sources: Sources
) -> None:
    turn = chat.my_files_turn(
        db=db, sources=sources, session_id="nobody", text="DFD 20263000000123", lang="fr"
    )
    assert turn.status == "login_required"
    assert turn.messages[0].buttons[0].payload == "/request_login"


def test_seed_is_idempotent(db: Session) -> None:
    assert seed.seed(db=db) == 0


def test_manifests_of_vessel_finds_the_user_s_ship_by_name(
    sources: Sources, people: dict[str, User]
) -> None:
    found = service.manifests_of_vessel(
        sources=sources, user=people["operator"], text="Le navire  sahara demo est arrivé ?"
    )
    assert [r.reference for r in found] == ["MAN-2026-00037"]
    assert (
        service.manifests_of_vessel(
            sources=sources, user=people["other_operator"], text="navire SAHARA DEMO"
        )
        == []
    )


def test_the_demo_users_seed_adds_the_demo_files_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'seeded.db'}"
    upgrade(url)
    monkeypatch.setenv("TIJARIA_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        assert accounts_cli.main(["seed"]) == 0
        assert accounts_cli.main(["seed"]) == 0
    finally:
        get_settings.cache_clear()
    capsys.readouterr()
    engine = make_engine(url)
    with make_session_factory(engine)() as db:
        kinds = list(db.scalars(select(PortalFile.kind)))
        operator = db.scalar(select(User).where(User.login == "demo.operateur"))
    engine.dispose()
    assert len(kinds) == len(seed.DEMO_FILES) and set(kinds) == set(FILE_KINDS)
    assert operator is not None and operator.ice == seed.DEMO_ICE
