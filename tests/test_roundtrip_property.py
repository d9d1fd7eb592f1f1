"""Property: any valid issue survives import → dump unchanged (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk_app.domain.exchange import FORMAT, dumps, load_valid
from desk_app.storage import repository
from desk_app.storage.models import database_proxy

# Any Unicode a clerk could type or paste (no surrogates or XML-forbidden controls).
text = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"), max_size=30)
required = text.filter(lambda s: s.strip())
count = st.integers(min_value=0, max_value=2**31 - 1)
positive = st.integers(min_value=1, max_value=2**31 - 1)
day = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


def window_counts():
    return st.fixed_dictionaries({k: count for k in ("consult", "accept", "issue", "transfer")})


def pair():
    return st.fixed_dictionaries({"accepted": count, "completed": count})


@st.composite
def valid_issues(draw) -> dict:
    start, end = sorted([draw(day), draw(day)])
    stationed = draw(positive)
    authorized = draw(st.integers(0, stationed))
    newly = draw(
        st.lists(
            st.fixed_dictionaries({"name": required}, optional={"note": required}),
            max_size=min(authorized, 3),
        )
    )
    approvals = {"title": draw(required), "source": draw(required)}
    if draw(st.booleans()):
        first, last = sorted([draw(day), draw(day)])
        approvals |= {"from": first.isoformat(), "to": last.isoformat()}
    approvals |= {"licensing": draw(pair()), "public_service": draw(pair()), "other": draw(pair())}
    progress_items = draw(st.lists(required, max_size=4))
    groups = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "title": required,
                    "entries": st.lists(st.fixed_dictionaries({"department": text, "text": required}), max_size=3),
                }
            ),
            max_size=4,
        )
    )
    return {
        "format": FORMAT,
        "masthead": {
            "title": draw(required),
            # Left to their defaults, the approvals run from 1 January of this year to the period's end.
            "year": draw(st.integers(1990, end.year)),
            "number": draw(st.integers(1, 60)),
            "serial": draw(positive),
            "issuer": draw(required),
            "date": draw(day).isoformat(),
        },
        "headline": draw(required),
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "reform": {
            "title": draw(required),
            "window_stats": {"title": draw(required), "week": draw(window_counts()), "ytd": draw(window_counts())},
            "authorization": {
                "title": draw(required),
                "stationed": stationed,
                "authorized": authorized,
                "newly_authorized": newly,
            },
            "progress": {"title": draw(required), "items": progress_items},
        },
        "approvals": approvals,
        "dynamics": {"title": draw(required), "groups": groups},
        "inspection": {
            "title": draw(required),
            "intro": draw(text),
            "items": draw(st.lists(st.fixed_dictionaries({"item": required, "result": required}), max_size=6)),
        },
        "distribution": {
            "report": draw(required),
            "send": draw(required),
            "issue": draw(required),
            "copies": draw(positive),
        },
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=valid_issues())
def test_any_valid_issue_survives_import_then_dump(db, data):
    text = json.dumps(data, ensure_ascii=False)
    with database_proxy.atomic():
        issue, _warnings = load_valid(text, lambda i: repository.previous_issue(i.key))
        repository.save_issue(issue)
    assert json.loads(dumps(repository.load_issue(issue.key))) == data
