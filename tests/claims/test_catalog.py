"""The claims catalogue: kinds and each portal's services, labelled in every language."""

from api.claims import catalog
from api.portals.catalog import PORTAL_CODES


def test_kinds_cover_a_help_desk_and_are_labelled_in_three_languages() -> None:
    values = [kind.value for kind in catalog.KINDS]

    assert {"reclamation", "demande_information", "incident_technique", "suggestion"} <= set(values)
    assert len(values) == len(set(values))
    for kind in catalog.KINDS:
        assert set(kind.labels) == {"fr", "ar", "en"} and all(kind.labels.values())


def test_every_portal_has_its_own_services_then_the_shared_ones() -> None:
    for portal in PORTAL_CODES:
        services = catalog.services_for(portal)
        values = [s.value for s in services]
        assert len(values) == len(set(values)), portal
        assert values[-3:] == ["compte_authentification", "centre_aide", "autre"], portal
        assert len(services) > 3, portal
        for service in services:
            assert set(service.labels) == {"fr", "ar", "en"}, (portal, service.value)
    assert "consultation_manifestes" in [s.value for s in catalog.services_for("douane")]
    assert "consultation_manifestes" not in [s.value for s in catalog.services_for("banques")]
    assert "caution_bancaire" in [s.value for s in catalog.services_for("banques")]
    assert "franchise_douaniere" in [s.value for s in catalog.services_for("pmpce")]
    assert "nouvelle_souscription" in [s.value for s in catalog.services_for("rnoce")]
    assert [s.value for s in catalog.services_for("unknown")] == [
        "compte_authentification",
        "centre_aide",
        "autre",
    ]


def test_labels_fall_back_to_what_was_typed() -> None:
    assert catalog.kind_label("suggestion", "ar") == "اقتراح"
    assert catalog.service_label("mic", "exportation", "en") == "Export"
    assert catalog.service_label("mic", "Portail lent le matin", "fr") == "Portail lent le matin"
