"""Shared set-up for the reach tests: a group where Ana aims for Northwind Health, Jordan shared his
reach and knows people there, Ben worked there and Cleo works there now; and a second group whose
member Hana shared nothing with the first."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.contacts.schemas import MyContactIn
from app.contacts.service import create_contact
from app.groups.models import Group, Role
from app.reach import service
from tests.factories import make_group, make_member

COMPANY = "Northwind Health"
# Names of Jordan's contacts: nobody but Jordan may ever read them.
SECRET_NAMES = ("Rosa Quill", "Milo Varga")


@dataclass
class Setup:
    group: Group
    other_group: Group
    lead: Account
    ana: Account
    jordan: Account
    ben: Account
    cleo: Account
    hana: Account


async def add_contacts(session: AsyncSession, owner: Account, company: str = COMPANY) -> None:
    for name in SECRET_NAMES:
        first, last = name.split()
        await create_contact(session, owner, MyContactIn(first_name=first, last_name=last, company=company))


async def make_setup(session: AsyncSession, *, shared: bool = True) -> Setup:
    group = await make_group(session, name="Tuesday circle")
    other_group = await make_group(session, name="Thursday circle")
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    ana = await make_member(session, group, name="Ana Lopez", target_companies=[COMPANY, "Contoso"])
    jordan = await make_member(session, group, name="Jordan Reyes", headline="Recruiter")
    ben = await make_member(
        session, group, name="Ben Okafor", past_companies=[{"name": COMPANY, "from": 2015, "to": 2019}]
    )
    cleo = await make_member(session, group, name="Cleo Park", past_companies=[{"name": COMPANY, "from": 2021}])
    hana = await make_member(session, other_group, name="Hana Member", target_companies=[COMPANY])
    await add_contacts(session, jordan)
    if shared:
        await service.set_sharing(session, jordan, group.public_id, True)
    return Setup(group, other_group, lead, ana, jordan, ben, cleo, hana)
