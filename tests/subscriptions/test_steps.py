"""Drafts step by step over the API: paths, request codes, every refused field told at
once (in the caller's language), documents by operator type and by content, resuming."""

import re
import threading
from typing import Any

from fastapi.testclient import TestClient

from api.subscriptions import service
from tests.subscriptions.conftest import (
    BASE,
    PNG,
    Operator,
    bank,
    company,
    create,
    documents,
    fields_of,
    gu_user,
    manager,
    put,
    rnoce_operator,
    upload,
    verification,
)


def test_a_portnet_operator_is_sent_to_the_rnoce_space(client: TestClient) -> None:
    from tests.api.accounts_helpers import sign_in

    portnet = sign_in(client, "user.portnet")

    response = client.post(BASE, json=verification(), headers=portnet.headers)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "subscription_rnoce_only"
    assert client.post(BASE, json=verification()).status_code == 401


def test_codes_are_the_day_then_1_then_an_11_digit_sequence(
    client: TestClient, operator: Operator, other: Operator
) -> None:
    first = create(client, operator)
    second = create(client, other, organisms=["douane", "portnet"])

    for code in (first["code"], second["code"]):
        assert re.fullmatch(r"\d{8}1\d{11}", code), code
    assert first["code"] != second["code"]
    assert int(second["code"][9:]) == int(first["code"][9:]) + 1
    assert first["status"] == "draft" and first["status_label"] == "Brouillon"
    assert (first["path"], second["path"]) == ("douane", "portnet_douane")


def test_codes_stay_unique_when_made_at_the_same_moment(client: TestClient) -> None:
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    codes: list[str] = []
    errors: list[BaseException] = []

    def make() -> None:
        try:
            for _ in range(5):
                with factory() as db:
                    codes.append(service.new_code(db=db))
                    db.commit()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=make) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(codes) == 20 and len(set(codes)) == 20


def test_the_modification_path_cannot_be_combined_with_portnet(
    client: TestClient, operator: Operator
) -> None:
    response = client.post(
        BASE,
        json=verification(organisms=["douane", "portnet"], modification_only=True),
        headers=operator.headers,
    )

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "subscription_modification_douane_only"
    assert "ne peut pas être combinée avec PORTNET" in response.json()["error"]["message"]
    modification = create(client, operator, modification_only=True)
    assert modification["path"] == "modification"
    assert [s["name"] for s in modification["steps"]] == [
        "verification",
        "company",
        "managers",
        "documents",
        "terms",
    ]


def test_portnet_alone_waits_for_a_validated_douane_and_one_request_per_organism(
    client: TestClient, operator: Operator
) -> None:
    alone = client.post(BASE, json=verification(organisms=["portnet"]), headers=operator.headers)
    assert alone.status_code == 409
    assert alone.json()["error"]["code"] == "subscription_portnet_needs_douane"
    first = create(client, operator)
    again = client.post(BASE, json=verification(), headers=operator.headers)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "subscription_already_exists"
    assert first["code"] in again.json()["error"]["message"]


def test_every_refused_field_is_listed_with_its_rule_in_the_caller_s_language(
    client: TestClient, operator: Operator
) -> None:
    code = create(client, operator)["code"]
    values = company(ice="12345678901234", phone="12", email="nope", start_date="31/02/2020")
    del values["raison_sociale"]

    response = client.put(
        f"{BASE}/{code}/steps/company",
        json={"values": values},
        headers={**operator.headers, "Accept-Language": "en"},
    )

    assert response.status_code == 422
    assert fields_of(response.json()) == {
        "company.ice": "subscription_ice_length",
        "company.raison_sociale": "subscription_required",
        "company.start_date": "subscription_date_invalid",
        "company.phone": "subscription_phone_invalid",
        "company.email": "subscription_email_invalid",
    }
    error = response.json()["error"]
    assert "The ICE has exactly 15 characters (you typed 14)." in error["message"]
    assert "Company name" in error["message"]
    ice = next(f for f in error["fields"] if f["field"] == "company.ice")
    assert ice["message"] == "The ICE has exactly 15 characters (you typed 14)."
    # Nothing was kept.
    read = client.get(f"{BASE}/{code}", headers=operator.headers).json()
    assert "raison_sociale" not in read["data"]["company"]["values"]


def test_a_step_is_finished_only_when_complete_and_the_draft_resumes_there(
    client: TestClient, operator: Operator
) -> None:
    code = create(client, operator)["code"]
    partial = {"raison_sociale": "Essai Démo Négoce SARL", "city": "Casablanca"}

    saved = put(client, operator, code, "company", values=partial, finish=False)
    assert saved["current_step"] == "company"
    assert {s["name"]: s["completed"] for s in saved["steps"]}["company"] is False
    unfinished = client.put(
        f"{BASE}/{code}/steps/company", json={"values": partial}, headers=operator.headers
    )
    assert unfinished.status_code == 422
    assert fields_of(unfinished.json())["company.head_office"] == "subscription_required"

    done = put(client, operator, code, "company", values=company())
    assert done["current_step"] == "managers"
    resumed = client.get(f"{BASE}/{code}", headers=operator.headers).json()
    assert resumed["current_step"] == "managers"
    assert resumed["data"]["company"]["values"]["start_date"] == "2019-05-02"
    assert resumed["next_actions"] == ["resume"]


def test_domicilie_chez_is_asked_for_a_domiciliation_origin(
    client: TestClient, operator: Operator
) -> None:
    code = create(client, operator)["code"]

    response = client.put(
        f"{BASE}/{code}/steps/company",
        json={"values": company(origin="domiciliation")},
        headers=operator.headers,
    )
    assert fields_of(response.json()) == {"company.domicilie_chez": "subscription_required"}
    put(
        client,
        operator,
        code,
        "company",
        values=company(origin="domiciliation", domicilie_chez="Centre d'affaires Démo"),
    )


def test_managers_mandataire_gu_users_and_bank(client: TestClient, operator: Operator) -> None:
    code = create(client, operator, organisms=["douane", "portnet"])["code"]
    put(client, operator, code, "managers", items=[manager()])

    stranger = client.put(
        f"{BASE}/{code}/steps/mandataire",
        json={"values": {"mandataire": "ZZ000111"}},
        headers=operator.headers,
    )
    assert fields_of(stranger.json()) == {
        "mandataire.mandataire": "subscription_mandataire_not_manager"
    }
    put(client, operator, code, "mandataire", values={"mandataire": "ZZ999001"})

    six = client.put(
        f"{BASE}/{code}/steps/gu_users",
        json={"items": [gu_user(n) for n in range(1, 7)]},
        headers=operator.headers,
    )
    assert fields_of(six.json()) == {"gu_users": "subscription_too_many_gu_users"}
    put(client, operator, code, "gu_users", items=[gu_user(n) for n in range(1, 6)])

    for rib in ("2" * 23, "2" * 25, "2" * 23 + "X"):
        response = client.put(
            f"{BASE}/{code}/steps/bank", json={"values": bank(rib=rib)}, headers=operator.headers
        )
        assert response.status_code == 422
        assert set(fields_of(response.json())) == {"bank.rib"}
    put(client, operator, code, "bank", values=bank())

    bad_manager = client.put(
        f"{BASE}/{code}/steps/managers",
        json={"items": [manager(), manager(id_number="123", birth_date="2990-01-01")]},
        headers=operator.headers,
    )
    assert fields_of(bad_manager.json()) == {
        "managers[2].id_number": "subscription_cin_invalid",
        "managers[2].birth_date": "subscription_date_future",
    }
    no_manager = client.put(
        f"{BASE}/{code}/steps/managers", json={"items": []}, headers=operator.headers
    )
    assert fields_of(no_manager.json()) == {"managers": "subscription_too_few_items"}


def test_removing_the_mandataire_s_manager_reopens_the_mandataire_step(
    client: TestClient, operator: Operator
) -> None:
    code = create(client, operator, organisms=["douane", "portnet"])["code"]
    put(client, operator, code, "managers", items=[manager()])
    put(client, operator, code, "mandataire", values={"mandataire": "ZZ999001"})

    read = put(client, operator, code, "managers", items=[manager(id_number="ZZ123456")])

    assert {s["name"]: s["completed"] for s in read["steps"]}["mandataire"] is False


def _documents(client: TestClient, who: Operator, code: str, values: dict[str, Any]) -> Any:
    return client.put(
        f"{BASE}/{code}/steps/documents", json={"values": values}, headers=who.headers
    )


def test_the_rib_certificate_is_required_for_an_importer_only(
    client: TestClient, operator: Operator, other: Operator
) -> None:
    importer = create(client, operator)["code"]
    pdf_id = upload(client, operator)
    without_rib = documents(pdf_id)
    del without_rib["rib_certificate"]

    response = _documents(client, operator, importer, without_rib)
    assert fields_of(response.json()) == {"documents.rib_certificate": "subscription_required"}

    exporter = create(client, other, operator_type="exportateur", email="autre@essai-demo.ma")[
        "code"
    ]
    other_pdf = upload(client, other)
    assert (
        _documents(client, other, exporter, documents(other_pdf, "exportateur")).status_code == 200
    )
    asked_anyway = _documents(client, other, exporter, documents(other_pdf, "importateur"))
    assert fields_of(asked_anyway.json()) == {
        "documents.rib_certificate": "subscription_field_not_asked"
    }


def test_a_freight_forwarder_adds_the_two_authorisations(
    client: TestClient, operator: Operator
) -> None:
    code = create(client, operator, operator_type="freight_forwarder")["code"]
    pdf_id = upload(client, operator)
    base = documents(pdf_id, "exportateur")

    response = _documents(client, operator, code, base)

    assert fields_of(response.json()) == {
        "documents.ministry_authorisation": "subscription_required",
        "documents.office_des_changes_authorisation": "subscription_required",
    }
    assert (
        _documents(client, operator, code, documents(pdf_id, "freight_forwarder")).status_code
        == 200
    )


def test_a_png_renamed_pdf_and_another_user_s_upload_are_refused(
    client: TestClient, operator: Operator, other: Operator
) -> None:
    code = create(client, operator)["code"]
    pdf_id = upload(client, operator)
    png_id = upload(client, operator, PNG, name="cin.pdf")
    foreign = upload(client, other)

    response = _documents(
        client, operator, code, {**documents(pdf_id), "cin_copy": png_id, "statutes": foreign}
    )

    assert fields_of(response.json()) == {
        "documents.cin_copy": "unsupported_file_type",
        "documents.statutes": "upload_not_found",
    }


def test_a_step_of_another_path_or_another_s_request_is_not_found(
    client: TestClient, operator: Operator, other: Operator
) -> None:
    code = create(client, operator)["code"]

    bank_step = client.put(
        f"{BASE}/{code}/steps/bank", json={"values": bank()}, headers=operator.headers
    )
    assert bank_step.status_code == 404
    assert bank_step.json()["error"]["code"] == "subscription_step_unknown"
    for method, url in (
        ("get", f"{BASE}/{code}"),
        ("put", f"{BASE}/{code}/steps/company"),
        ("post", f"{BASE}/{code}/submit"),
        ("post", f"{BASE}/{code}/rectify"),
    ):
        response = client.request(method, url, json={"values": {}}, headers=other.headers)
        unknown = client.request(
            method,
            url.replace(code, "01012026100000009999"),
            json={"values": {}},
            headers=other.headers,
        )
        assert response.status_code == 404, (method, url)
        assert response.json() == unknown.json()
        assert response.json()["error"]["code"] == "subscription_not_found"


def test_a_json_null_is_an_absent_optional_field(client: TestClient) -> None:
    who = rnoce_operator(client, "nulls@essai-demo.ma")
    response = client.post(
        BASE,
        json={**verification(), "modification_only": None, "organisms": None, "lang": None},
        headers=who.headers,
    )

    assert response.status_code == 201, response.text
    assert response.json()["path"] == "douane"
    code = response.json()["code"]
    fax = put(client, who, code, "company", values=company(fax=None, logo=None), finish=True)
    assert "fax" not in fax["data"]["company"]["values"]


def test_the_contract_is_uploaded_when_signed_electronically_optional_by_hand(
    client: TestClient, operator: Operator
) -> None:
    code = create(client, operator, organisms=["douane", "portnet"])["code"]

    missing = client.put(
        f"{BASE}/{code}/steps/contract",
        json={"values": {"signature": "electronic"}},
        headers={**operator.headers, "Accept-Language": "ar"},
    )
    assert fields_of(missing.json()) == {
        "contract.signed_contract": "subscription_contract_file_required"
    }
    assert "التوقيع الإلكتروني" in missing.json()["error"]["message"]
    png_id = upload(client, operator, PNG, name="contrat.pdf")
    not_pdf = client.put(
        f"{BASE}/{code}/steps/contract",
        json={"values": {"signature": "electronic", "signed_contract": png_id}},
        headers=operator.headers,
    )
    assert fields_of(not_pdf.json()) == {"contract.signed_contract": "unsupported_file_type"}
    manual = put(
        client,
        operator,
        code,
        "contract",
        values={"signature": "Signature manuelle (contrat signé et cacheté)"},
    )
    assert manual["data"]["contract"]["values"] == {"signature": "manual"}
