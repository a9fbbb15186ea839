"""Counts of people and possessives, as pages write them."""

from __future__ import annotations

from app.wording import people, possessive


def test_counts_of_people_say_nobody_one_person_or_people() -> None:
    assert people(0) == "nobody"
    assert people(0, nobody="nobody to email") == "nobody to email"
    assert people(1) == "1 person"
    assert people(2) == "2 people"
    assert people(1200) == "1,200 people"


def test_a_name_ending_in_s_takes_only_an_apostrophe() -> None:
    assert possessive("Tuesday Evenings") == "Tuesday Evenings\u2019"
    assert possessive("HR professionals, Tuesdays") == "HR professionals, Tuesdays\u2019"
    assert possessive("Ana") == "Ana\u2019s"
    assert possessive("James ") == "James\u2019"


def test_emails_write_possessives_of_names_that_end_in_s() -> None:
    from app.notifications.service import render_email

    proposed = render_email(
        "introduction_proposed",
        {
            "name": "Ana Ruiz",
            "other_name": "James",
            "group_name": "Tuesday Evenings",
            "reason": "James knows Acme Health.",
            "link": "http://example.org/x",
            "days": 14,
            "proposer": "Fay",
        },
    )
    assert "See James\u2019 profile and answer" in proposed["text"]
    assert "See James\u2019 profile and answer" in proposed["html"]
    assert "James's" not in proposed["text"] + proposed["html"]
