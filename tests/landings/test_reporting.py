"""Reporting a landing: the rules, the stage change, the credited introduction, the facilitators'
email and the audit log; correcting and withdrawing it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.models import AuditEvent
from app.errors import InvalidInput, NotFound
from app.groups.models import MembershipStatus
from app.introductions import service as introductions
from app.introductions.models import IntroductionOutcome, Outcome
from app.landings import service
from app.landings.models import HelpedBy, Landing
from app.landings.schemas import HelpIn, LandingIn
from app.profiles.models import Profile, Stage, StageChange
from app.profiles.service import find_profile
from tests.factories import make_member
from tests.introductions.helpers import emails, whole
from tests.landings.helpers import landing, make_setup


async def _stages(session: AsyncSession, account) -> list[Stage]:  # type: ignore[no-untyped-def]
    return list(
        (
            await session.execute(
                select(StageChange.stage)
                .join(Profile, Profile.id == StageChange.profile_id)
                .where(Profile.account_id == account.id)
                .order_by(StageChange.id)
            )
        ).scalars()
    )


async def test_a_landing_credited_to_an_introduction(session: AsyncSession) -> None:
    setup = await make_setup(session)
    reported = await service.report_landing(
        session,
        setup.lena,
        setup.group,
        landing(helped_by="introduction", introduction_id=str(setup.introduction.public_id), start_date="2026-06-01"),
    )

    stored = (await session.execute(select(Landing))).scalar_one()
    assert stored.id == reported.id and stored.introduction_id == setup.introduction.id
    assert (stored.role, stored.company, stored.start_date, stored.on_wall) == (
        "Senior recruiter",
        "Acme Health",
        date(2026, 6, 1),
        True,
    )

    # The profile moves to "landed", with a dated stage change for the insights.
    profile = await find_profile(session, setup.lena)
    assert profile is not None and profile.stage == Stage.landed
    assert (await _stages(session, setup.lena))[-1] == Stage.landed

    # The introduction is credited with a hire, as Lena sees it (Omar's own answer is his to give).
    outcomes = (await session.execute(select(IntroductionOutcome))).scalars().all()
    assert [(o.account_id, o.outcome) for o in outcomes] == [(setup.lena.id, Outcome.hire)]

    # The facilitator is told, by email, through the outbox; Lena is not emailed about her own news.
    [email] = await emails(session, template="landing_reported")
    assert email["to"] == setup.lead.email
    assert email["subject"].endswith("Lena Fischer landed")
    text = whole(email)
    assert "Senior recruiter at Acme Health" in text and "June 1, 2026" in text
    assert "the introduction to Omar Haddad" in text and "wall of successes" in text
    assert f"/g/{setup.group.slug}/members/{setup.lena.public_id}" in text

    [event] = (await session.execute(select(AuditEvent).where(AuditEvent.action == "landing.reported"))).scalars()
    assert event.actor_account_id == setup.lena.id and event.group_id == setup.group.id
    assert event.target == str(reported.public_id)
    assert event.details == {"helped_by": "introduction", "on_wall": True}


async def test_crediting_keeps_what_the_person_had_noted(session: AsyncSession) -> None:
    setup = await make_setup(session)
    await introductions.record_outcome(
        session, setup.lena, setup.introduction.public_id, Outcome.interview, "He referred me to their TA lead."
    )
    await service.report_landing(
        session,
        setup.lena,
        setup.group,
        landing(helped_by="introduction", introduction_id=str(setup.introduction.public_id)),
    )
    outcome = (await session.execute(select(IntroductionOutcome))).scalar_one()
    assert (outcome.outcome, outcome.note) == (Outcome.hire, "He referred me to their TA lead.")


async def test_a_landing_not_shared_says_so_to_the_facilitators(session: AsyncSession) -> None:
    setup = await make_setup(session)
    await service.report_landing(session, setup.cleo, setup.group, landing(on_wall=False, story=""))
    [email] = await emails(session, template="landing_reported")
    assert "chose not to share it" in email["text"] and "In their words" not in email["text"]
    assert (await session.execute(select(IntroductionOutcome))).first() is None


async def test_only_active_members_report_and_only_their_own_introductions(session: AsyncSession) -> None:
    setup = await make_setup(session)
    with pytest.raises(NotFound):
        await service.report_landing(session, setup.outsider, setup.group, landing())
    pending = await make_member(session, setup.group, name="Pat Pending", status=MembershipStatus.pending)
    with pytest.raises(NotFound):
        await service.report_landing(session, pending, setup.group, landing())

    # Cleo cannot credit an introduction of Lena and Omar's.
    with pytest.raises(InvalidInput) as raised:
        await service.report_landing(
            session,
            setup.cleo,
            setup.group,
            landing(helped_by="introduction", introduction_id=str(setup.introduction.public_id)),
        )
    assert "introduction_id" in raised.value.field_errors
    assert (await session.execute(select(Landing))).first() is None


async def test_the_same_report_twice_is_one_landing(session: AsyncSession) -> None:
    setup = await make_setup(session)
    first = await service.report_landing(session, setup.lena, setup.group, landing())
    again = await service.report_landing(session, setup.lena, setup.group, landing(company="acme health"))
    assert again.id == first.id
    assert len(await emails(session, template="landing_reported")) == 1
    other = await service.report_landing(session, setup.lena, setup.group, landing(company="Globex"))
    assert other.id != first.id


def test_the_form_rules() -> None:
    with pytest.raises(ValidationError) as raised:
        LandingIn.model_validate({"role": "  ", "company": "", "helped_by": "luck"})
    fields = {error["loc"][0] for error in raised.value.errors()}
    assert fields == {"role", "company", "helped_by"}

    with pytest.raises(ValidationError) as raised:
        LandingIn.model_validate({"role": "HRBP", "company": "Acme", "helped_by": "introduction"})
    assert raised.value.errors()[0]["loc"] == ("introduction_id",)
    assert "choose the introduction" in raised.value.errors()[0]["msg"]

    with pytest.raises(ValidationError) as raised:
        LandingIn.model_validate(
            {
                "role": "HRBP",
                "company": "Acme",
                "helped_by": "group",
                "start_date": (date.today() + timedelta(days=3 * 366)).isoformat(),
            }
        )
    assert "check the year" in raised.value.errors()[0]["msg"]
    with pytest.raises(ValidationError) as raised:
        LandingIn.model_validate({"role": "HRBP", "company": "Acme", "helped_by": "group", "start_date": "next May"})
    assert "2026-03-01" in raised.value.errors()[0]["msg"]

    # An introduction picked before changing one's mind means nothing.
    data = LandingIn.model_validate(
        {
            "role": " HRBP ",
            "company": "Acme",
            "helped_by": "posting",
            "introduction_id": "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
            "start_date": "",
        }
    )
    assert (data.role, data.introduction_id, data.start_date, data.on_wall) == ("HRBP", None, None, False)


async def test_correcting_a_landing(session: AsyncSession) -> None:
    setup = await make_setup(session)
    reported = await service.report_landing(session, setup.lena, setup.group, landing())
    assert (await session.execute(select(IntroductionOutcome))).first() is None

    await service.update_landing(
        session,
        setup.lena,
        reported.public_id,
        landing(
            role="Talent acquisition lead",
            helped_by="introduction",
            introduction_id=str(setup.introduction.public_id),
            on_wall=False,
        ),
    )
    stored = (await session.execute(select(Landing))).scalar_one()
    assert (stored.role, stored.helped_by, stored.on_wall) == ("Talent acquisition lead", HelpedBy.introduction, False)
    outcome = (await session.execute(select(IntroductionOutcome))).scalar_one()
    assert outcome.outcome == Outcome.hire
    [event] = (await session.execute(select(AuditEvent).where(AuditEvent.action == "landing.updated"))).scalars()
    assert event.details == {"fields": ["helped_by", "introduction_id", "on_wall", "role"]}

    # Only the person themself.
    for somebody in (setup.omar, setup.lead, setup.outsider):
        with pytest.raises(NotFound):
            await service.update_landing(session, somebody, reported.public_id, landing())
    with pytest.raises(NotFound):
        await service.withdraw_landing(session, setup.lead, reported.public_id)


async def test_withdrawing_a_landing_goes_back_to_the_stage_before(session: AsyncSession) -> None:
    setup = await make_setup(session)
    first = await service.report_landing(session, setup.lena, setup.group, landing())
    second = await service.report_landing(session, setup.lena, setup.group, landing(company="Globex"))

    group = await service.withdraw_landing(session, setup.lena, second.public_id)
    assert group.id == setup.group.id
    profile = await find_profile(session, setup.lena)
    assert profile is not None and profile.stage == Stage.landed  # the first landing still stands

    await service.withdraw_landing(session, setup.lena, first.public_id)
    assert (await session.execute(select(Landing))).first() is None
    assert profile.stage == Stage.interviewing
    assert (await _stages(session, setup.lena))[-2:] == [Stage.landed, Stage.interviewing]
    actions = (
        (
            await session.execute(
                select(AuditEvent.action).where(AuditEvent.action.like("landing.%")).order_by(AuditEvent.id)
            )
        )
        .scalars()
        .all()
    )
    assert actions == ["landing.reported", "landing.reported", "landing.withdrawn", "landing.withdrawn"]
    with pytest.raises(NotFound):
        await service.withdraw_landing(session, setup.lena, first.public_id)


async def test_alumni_say_how_they_could_help(session: AsyncSession) -> None:
    setup = await make_setup(session)
    reported = await service.report_landing(session, setup.lena, setup.group, landing())
    profile = await service.offer_help(
        session, setup.lena, reported.public_id, HelpIn(can_help_with="Mock interviews for recruiter roles.")
    )
    assert profile.can_help_with == "Mock interviews for recruiter roles." and profile.stage == Stage.landed
    with pytest.raises(NotFound):
        await service.offer_help(session, setup.omar, reported.public_id, HelpIn(can_help_with="Hijack"))
