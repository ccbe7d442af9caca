"""A case page names the case's school as the directory has it (issue 14), or says it is not there."""

from __future__ import annotations

from fastapi.testclient import TestClient

from store.db import session_scope
from store.schools import import_register, read_register
from tests.web.conftest import Seeded


def test_the_case_page_shows_the_school_from_the_directory(
    store: Seeded, officer_client: tuple[TestClient, str]
) -> None:
    client, _ = officer_client
    assert "Not found in the school directory" in client.get(f"/cases/{store.over_six}").text
    register = (b"URN,EstablishmentName,PhaseOfEducation (name),LA (name),EstablishmentStatus (name)\n"
                b"140123,Cherwell Valley Academy,Secondary,Oxfordshire,Open\n")
    with session_scope(store.engine) as s:
        import_register(s, read_register(register))
    page = client.get(f"/cases/{store.over_six}").text
    shown = "In the register: <b>Cherwell Valley Academy</b>, URN 140123, Secondary, Oxfordshire (Open)"
    assert shown in page
    assert "Not found in the school directory" in client.get(f"/cases/{store.breach}").text
