"""Officers confirm or rule out the pupil history's uncertain matches (issue 14): 'the same
pupil' makes a possible match confirmed; 'not the same pupil' takes that case out of the
history; either can be undone. Stored per pair of cases (`store.pupil_matches`) and audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException
from fastapi.responses import RedirectResponse, Response

from store.models import Case
from store.pupil_matches import VERDICTS, set_verdict
from web import audit
from web.deps import CSRF_CHECKED, DbSession, LoggedIn

router = APIRouter()
ACTIONS = {"same": "pupil_match_confirmed", "different": "pupil_match_ruled_out", "": "pupil_match_cleared"}


@router.post("/cases/{case_id}/pupil/match", dependencies=CSRF_CHECKED)
def decide_match(
    case_id: int, officer: LoggedIn, session: DbSession, other: Annotated[int, Form()],
    verdict: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    case, other_case = session.get(Case, case_id), session.get(Case, other)
    if case is None or other_case is None or case_id == other:
        raise HTTPException(status_code=404, detail="No such case.")
    if verdict and verdict not in VERDICTS:
        raise HTTPException(status_code=400, detail="Say whether it is the same pupil.")
    if not case.pupil_key or case.pupil_key != other_case.pupil_key:
        raise HTTPException(status_code=400, detail="These cases are not of a pupil with the same name.")
    who = officer.username
    before = set_verdict(session, case_id=case_id, other_id=other, verdict=verdict, decided_by=who)
    audit.record(session, officer.username, ACTIONS[verdict], case_id,
                 {"other_case": other, "other_reference": other_case.reference, "before": before})
    return RedirectResponse(f"/cases/{case_id}/pupil", status_code=303)
