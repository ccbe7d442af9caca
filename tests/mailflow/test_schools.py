"""The school directory from the national register's CSV (store/schools.py, `rtt schools
import`), on SQLite and PostgreSQL: read in the register's own column names and encoding, a
bad file refused whole with its lines, re-imported by URN, and found for a case by URN, by the
domain it writes from, or by its name; the case page shows it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from rtt.cli import main
from store.db import make_engine, session_scope
from store.models import SchoolRecord
from store.schools import RegisterError, import_register, read_register, school_of

GIAS = (
    "URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (name),"
    "EstablishmentStatus (name),PhaseOfEducation (name),EmailDomains\r\n"
    "123456,931,Oxfordshire,2001,Cherwell Valley Academy,Academy converter,Open,Secondary,"
    "cherwellvalley.oxon.sch.uk\r\n"
    "\r\n"
    "1234567,931,Oxfordshire,2002,St Mary\u2019s C of E Primary School,Voluntary aided school,Open,Primary,"
    "\"stmarys.oxon.sch.uk; @stmarys-academy.org.uk\"\r\n"
    "654321,931,Oxfordshire,4003,Isis Vale Secondary,Community school,Closed,Secondary,\r\n"
).encode("cp1252")


def test_the_register_is_read_in_its_own_columns_and_encoding() -> None:
    schools = read_register(GIAS)
    assert [s.urn for s in schools] == ["123456", "1234567", "654321"]
    mary = schools[1]
    assert mary.name == "St Mary\u2019s C of E Primary School", "Windows-1252 read as such"
    assert (mary.phase, mary.local_authority, mary.status) == ("Primary", "Oxfordshire", "Open")
    assert mary.email_domains == ("stmarys.oxon.sch.uk", "stmarys-academy.org.uk")
    assert schools[2].email_domains == () and schools[2].status == "Closed"
    plain = read_register("\ufeffURN,Name\n7654321,Wychwood Park Academy\n".encode())
    assert plain[0].name == "Wychwood Park Academy" and plain[0].phase is None


@pytest.mark.parametrize(("text", "says"), [
    ("URN,Phase\n123456,Primary\n", "no establishmentname column"),
    ("", "empty"),
    ("URN,Name\n12345,Too short\n123456,\n123456,Twice\n123456,Twice again\n",
     "line 2: URN '12345' is not 6 or 7 digits; line 3: URN 123456 has no name; line 5: URN 123456 is in"),
    ("URN,Name,EmailDomains\n123456,A School,not a domain!\n", "line 2: 'not' is not an email domain"),
])
def test_a_bad_register_is_refused_with_where_and_why(text: str, says: str) -> None:
    with pytest.raises(RegisterError, match=says.replace("(", r"\(")):
        read_register(text.encode())


def test_imported_by_urn_and_found_for_a_case(engine: Engine) -> None:
    with session_scope(engine) as s:
        first = import_register(s, read_register(GIAS))
    again = read_register(b"URN,EstablishmentName,EstablishmentStatus (name)\n654321,Isis Vale School,Open\n")
    with session_scope(engine) as s:
        second = import_register(s, again)
        assert (first.added, first.updated, second.added, second.updated) == (3, 0, 0, 1)
        isis = s.exec(select(SchoolRecord).where(SchoolRecord.urn == "654321")).one()
        assert (isis.name, isis.status) == ("Isis Vale School", "Open")
        assert school_of(s, urn="1234567", name=None, domain=None).name.startswith("St Mary")
        assert school_of(s, urn=None, name=None, domain="stmarys-academy.org.uk").urn == "1234567"
        assert school_of(s, urn=None, name="cherwell valley academy", domain="unknown.org.uk").urn == "123456"
        assert school_of(s, urn="999999", name="Nowhere School", domain="nowhere.org.uk") is None


def test_rtt_schools_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "rtt.sqlite3"
    monkeypatch.setenv("RTT_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("RTT_DATA_DIR", str(tmp_path / "data"))
    bad = tmp_path / "bad.csv"
    bad.write_text("URN,Name\n123456,A\nabc,B\n")
    assert main(["schools", "import", str(bad)]) == 2
    assert "line 3: URN 'abc' is not 6 or 7 digits" in capsys.readouterr().err
    good = tmp_path / "edubase.csv"
    good.write_bytes(GIAS)
    assert main(["schools", "import", str(good)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "schools: 3 added, 0 updated"
    assert out[1] == "1 email domains of open schools are not trusted: stmarys-academy.org.uk"
    assert main(["schools", "import", str(tmp_path / "missing.csv")]) == 2
    engine = make_engine(f"sqlite:///{db}")
    with session_scope(engine) as s:
        assert [r.urn for r in s.exec(select(SchoolRecord).order_by(SchoolRecord.urn)).all()] == [
            "123456", "1234567", "654321"], "the bad file left nothing behind"
    engine.dispose()
