"""A member's own contacts: people they know, imported from LinkedIn, a vCard or a spreadsheet, or
typed in, with a light outreach tracker. Private to their owner, facilitators included."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, PublicIdMixin, str_enum, utcnow

NAME_LENGTH = 100
EMAIL_LENGTH = 320
URL_LENGTH = 300
COMPANY_LENGTH = 200
POSITION_LENGTH = 200
NOTE_LENGTH = 2000
KEY_LENGTH = 400


class ContactSource(enum.StrEnum):
    linkedin = "linkedin"
    vcard = "vcard"
    csv = "csv"
    manual = "manual"


class OutreachStatus(enum.StrEnum):
    """Where the member is with a contact. A contact has none until the member sets one: an import
    of 3,000 connections is not 3,000 people to reach out to."""

    to_reach_out = "to_reach_out"
    contacted = "contacted"
    replied = "replied"
    met = "met"


# Statuses that mean a conversation happened (or was started): moving to one of them dates it.
CONVERSATION_STATUSES = frozenset({OutreachStatus.contacted, OutreachStatus.replied, OutreachStatus.met})


class Contact(PublicIdMixin, Base):
    __tablename__ = "contacts"
    __table_args__ = (
        # One contact per person per owner: re-importing a file updates, never duplicates.
        UniqueConstraint("account_id", "dedupe_key"),
        Index("ix_contacts_account_id_sort_name", "account_id", "sort_name"),
        Index("ix_contacts_account_id_company_key", "account_id", "company_key"),
        # The group's reach, later: contacts counted by canonical company.
        Index("ix_contacts_company_tag_id_account_id", "company_tag_id", "account_id"),
    )

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    first_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    last_name: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    # "first last", case-folded: the order of the list.
    sort_name: Mapped[str] = mapped_column(String(2 * NAME_LENGTH + 1))
    email: Mapped[str | None] = mapped_column(String(EMAIL_LENGTH), default=None)
    profile_url: Mapped[str | None] = mapped_column(String(URL_LENGTH), default=None)
    # The company as the file (or the member) wrote it, and its normalized form ("acme health" for
    # "Acme Health, Inc."), which matches canonical company tags and groups spellings together.
    company_label: Mapped[str] = mapped_column(String(COMPANY_LENGTH), default="")
    company_key: Mapped[str] = mapped_column(String(COMPANY_LENGTH), default="")
    company_tag_id: Mapped[int | None] = mapped_column(ForeignKey("tags.id", ondelete="SET NULL"), default=None)
    position: Mapped[str] = mapped_column(String(POSITION_LENGTH), default="")
    connected_on: Mapped[date | None] = mapped_column(default=None)
    source: Mapped[ContactSource] = mapped_column(str_enum(ContactSource, "contact_source"))
    # The normalized profile URL, else the lower-cased email, else "first last|company".
    dedupe_key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    status: Mapped[OutreachStatus | None] = mapped_column(str_enum(OutreachStatus, "outreach_status"), default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    follow_up_on: Mapped[date | None] = mapped_column(default=None)
    # When the status last moved to contacted, replied or met: the week's conversations.
    last_contacted_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class OutreachSettings(Base):
    """A member's own outreach habits: a weekly goal of conversations, and whether a weekly email
    lists the follow-ups due (off unless they ask for it)."""

    __tablename__ = "outreach_settings"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    weekly_goal: Mapped[int | None] = mapped_column(default=None)
    weekly_email: Mapped[bool] = mapped_column(default=False)
    # The Monday of the last week the weekly email was considered (sent, or nothing to say): once a week.
    weekly_email_week: Mapped[date | None] = mapped_column(default=None)
