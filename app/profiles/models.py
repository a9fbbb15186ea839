from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, PublicIdMixin, str_enum, utcnow


class Stage(enum.StrEnum):
    exploring = "exploring"
    searching = "searching"
    interviewing = "interviewing"
    offer = "offer"
    landed = "landed"
    alumni = "alumni"


class TagKind(enum.StrEnum):
    role = "role"
    industry = "industry"
    skill = "skill"
    company = "company"


class ProfileTagRelation(enum.StrEnum):
    """How a tag belongs to a profile; a company can be a target or (with years) a past employer."""

    target_role = "target_role"
    industry = "industry"
    skill = "skill"
    target_company = "target_company"
    # The roles someone is hiring for, and where: a helper for people who aim for those roles.
    hiring_role = "hiring_role"
    hiring_company = "hiring_company"


class Profile(PublicIdMixin, Base):
    __tablename__ = "profiles"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), unique=True)
    headline: Mapped[str] = mapped_column(String(160), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(120), default="")
    linkedin_url: Mapped[str | None] = mapped_column(String(300), default=None)
    # Contact details: never in the directory; shared through accepted introductions.
    phone: Mapped[str] = mapped_column(String(40), default="")
    stage: Mapped[Stage] = mapped_column(str_enum(Stage, "job_search_stage"), default=Stage.searching)
    looking_for: Mapped[str] = mapped_column(Text, default="")
    can_help_with: Mapped[str] = mapped_column(Text, default="")
    # Field name -> "members" or "facilitators"; fields not named are visible to group members.
    visibility: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# PostgreSQL trigram indexes (pg_trgm) on the lower-cased words of a profile, for the directory's
# search: `lower(headline) LIKE '%word%'` is an index lookup, not a read of every profile. SQLite
# has none (migration 0012).
for _column in (Profile.headline, Profile.looking_for, Profile.can_help_with):
    _lowered = func.lower(_column).label(f"lower_{_column.key}")
    Index(
        f"ix_profiles_{_column.key}_trigrams",
        _lowered,
        postgresql_using="gin",
        postgresql_ops={_lowered.name: "gin_trgm_ops"},
    ).ddl_if(dialect="postgresql")


class Tag(Base):
    """One canonical spelling per role, industry, skill or company ("human resources")."""

    __tablename__ = "tags"
    __table_args__ = (UniqueConstraint("kind", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[TagKind] = mapped_column(str_enum(TagKind, "tag_kind"))
    name: Mapped[str] = mapped_column(String(100))
    label: Mapped[str] = mapped_column(String(100))


class ProfileTag(Base):
    __tablename__ = "profile_tags"
    __table_args__ = (Index("ix_profile_tags_tag_id_relation", "tag_id", "relation"),)

    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True)
    relation: Mapped[ProfileTagRelation] = mapped_column(
        str_enum(ProfileTagRelation, "profile_tag_relation"), primary_key=True
    )


class PastCompany(Base):
    __tablename__ = "past_companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), index=True)
    start_year: Mapped[int | None] = mapped_column(default=None)
    end_year: Mapped[int | None] = mapped_column(default=None)


class StageChange(Base):
    """Each change of job-search stage with its date; landings feed the insights."""

    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    stage: Mapped[Stage] = mapped_column(str_enum(Stage, "job_search_stage"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
