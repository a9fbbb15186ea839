from __future__ import annotations

from fastapi import APIRouter

from app.accounts.schemas import AccountOut
from app.deps import ApiReader

router = APIRouter(tags=["accounts"])


@router.get("/me", response_model=AccountOut, summary="The account this token belongs to")
async def me(account: ApiReader) -> AccountOut:
    return AccountOut.model_validate(account)
