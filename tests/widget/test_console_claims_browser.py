"""The agents' console against the real claims routes (api/claims), in Debian's chromium:
a claim filed by an operator is assigned, answered and closed from /console, and its
attachment downloaded. Skipped while the claims package is not in the tree.
"""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.api.accounts_helpers import create_user_in
from tests.pdf_samples import make_pdf
from tests.widget.conftest import LiveCore
from tests.widget.test_console_browser import sign_in

pytestmark = pytest.mark.e2e


def file_claim(live_core: LiveCore) -> tuple[str, bytes]:
    """An operator's claim with one PDF, stored through the claims service."""
    claims = pytest.importorskip("api.claims.service")
    claim_models = pytest.importorskip("api.claims.models")
    catalog = pytest.importorskip("api.claims.catalog")
    from api.accounts import service as accounts
    from api.uploads import service as uploads
    from api.uploads.models import UploadCreate

    create_user_in(live_core.app, "op.atlas")
    pdf = make_pdf(size=12_345)
    with live_core.app.state.session_factory() as db:
        owner = accounts.get_by_login(db=db, realm="portnet", login="op.atlas")
        assert owner is not None
        upload = uploads.create(
            db=db,
            upload=UploadCreate(session_id="tj-console-real", filename="capture.pdf", content=pdf),
        )
        claim = claims.create(
            db=db,
            owner=owner,
            data=claim_models.ClaimCreate(
                kind=catalog.KINDS[0].value,
                portal="douane",
                service=catalog.services_for("douane")[0].value,
                object="Manifeste introuvable",
                details="Le manifeste n'apparaît pas dans la recherche.",
                attachment_ids=[upload.id],
            ),
        )
        db.commit()
        return claim.reference, pdf


def test_an_agent_assigns_answers_and_closes_a_real_claim(
    page: Page, live_core: LiveCore, shot: Any
) -> None:
    reference, pdf = file_claim(live_core)
    secret = create_user_in(live_core.app, "agent.real", role="agent")
    page.goto(f"{live_core.url}/console")
    sign_in(page, "agent.real", secret)

    row = page.locator(f"tr[data-reference='{reference}']")
    expect(row).to_contain_text("Manifeste introuvable")
    expect(row).to_contain_text("Name of op.atlas")
    expect(row.locator(".waiting")).to_have_text("< 1 min")
    page.get_by_role("button", name=f"Ouvrir la réclamation {reference}").click()
    pane = page.locator("section.claim")
    expect(pane.locator(".details")).to_have_text("Le manifeste n'apparaît pas dans la recherche.")
    expect(pane.locator("ol.history li")).to_have_count(1)

    with page.expect_download() as download_info:
        pane.get_by_role("button", name="Télécharger capture.pdf").click()
    assert Path(download_info.value.path()).read_bytes() == pdf

    pane.get_by_role("button", name="M'assigner la réclamation").click()
    expect(pane.locator(".feedback")).to_have_text("Réclamation assignée à vous.")
    pane.get_by_label("Réponse à l'usager").fill("Le manifeste est de nouveau visible.")
    pane.get_by_role("button", name="Envoyer la réponse").click()
    expect(pane.locator(".feedback")).to_have_text("Réponse envoyée à l'usager.")
    expect(pane.locator("ol.messages li").last).to_contain_text(
        "Le manifeste est de nouveau visible."
    )
    pane.get_by_label("Note de clôture").fill("Résolu.")
    pane.get_by_role("button", name="Clôturer la réclamation").click()
    expect(pane.get_by_text("Cette réclamation est clôturée.")).to_be_visible()
    expect(row).to_have_count(0)  # no longer waiting
    shot("console-real-closed")

    from api.claims import service as claims

    with live_core.app.state.session_factory() as db:
        stored = claims.get(db=db, reference=reference)
        assert stored is not None
        assert stored.status == "closed"
        assert [e.status for e in stored.events] == ["new", "assigned", "answered", "closed"]
