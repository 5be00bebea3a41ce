"""The console's « Dossiers portails (démo) » in Debian's chromium, against the real API: a
staff member changes a demo file's status; the operator's open conversation is told."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from api.accounts import service as accounts
from api.conversations import service as conversations
from api.portal_files import seed
from tests.api.accounts_helpers import create_user_in
from tests.widget.conftest import LiveCore
from tests.widget.test_console_browser import sign_in

pytestmark = pytest.mark.e2e

DFD = "20263000000123"


def operator_conversation(live_core: LiveCore) -> str:
    """The demo files, and an operator of their company with an open conversation."""
    create_user_in(live_core.app, "op.demo")
    with live_core.app.state.session_factory() as db:
        seed.seed(db=db)
        user = accounts.get_by_login(db=db, realm="portnet", login="op.demo")
        assert user is not None
        user.ice = seed.DEMO_ICE
        conversation = conversations.get_or_create(
            db=db, session_id="op-demo-chat", portal="pmpce", lang="fr", user_id=user.id
        )
        db.commit()
        return conversation.session_id


def system_texts(live_core: LiveCore, session_id: str) -> list[str]:
    with live_core.app.state.session_factory() as db:
        conversation = conversations.get(db=db, session_id=session_id)
        assert conversation is not None
        return [
            m.text
            for m in conversations.list_messages(db=db, conversation=conversation)
            if m.sender == "system"
        ]


def test_staff_change_a_demo_file_s_status_and_the_owner_is_told(
    page: Page, live_core: LiveCore, shot: Any
) -> None:
    session_id = operator_conversation(live_core)
    secret = create_user_in(live_core.app, "staff.nadia", role="staff")
    page.goto(f"{live_core.url}/console")
    sign_in(page, "staff.nadia", secret)

    page.get_by_role("tab", name="Dossiers portails (démo)").click()
    panel = page.locator("#panel-files")
    expect(panel.get_by_role("heading", name="Dossiers portails (démo)")).to_be_visible()
    row = panel.locator(f'tr[data-file="dfd/{DFD}"]')
    expect(row).to_contain_text("Société Démo Import SARL")
    expect(row.locator(".badge")).to_have_text("Nouveau")
    expect(panel.locator("tbody tr")).to_have_count(len(seed.DEMO_FILES))
    shot("console-files")

    row.get_by_label(f"Nouveau statut de {DFD}").select_option("closed")
    row.get_by_role("button", name="Changer le statut").click()

    expect(panel.get_by_role("status").first).to_have_text(f"{DFD} : statut « Clôturée ».")
    row = panel.locator(f'tr[data-file="dfd/{DFD}"]')
    expect(row.locator(".badge")).to_have_text("Clôturée")
    expect(row.get_by_role("button", name="Changer le statut")).to_be_focused()
    told = system_texts(live_core, session_id)
    assert len(told) == 1 and told[0].startswith(
        f"Votre demande de franchise douanière (DFD) {DFD} est passée à « Clôturée »"
    )
    shot("console-files-changed")

    # A status the kind does not have: the server's words next to the row, nothing told.
    row.get_by_label(f"Nouveau statut de {DFD}").evaluate(
        "select => { select.append(new Option('paid', 'paid')); select.value = 'paid'; }"
    )
    row.get_by_role("button", name="Changer le statut").click()
    expect(row.get_by_role("alert")).to_contain_text(
        "État inconnu pour ce type de dossier. États possibles : new (Nouveau), closed (Clôturée)."
    )
    assert len(system_texts(live_core, session_id)) == 1
