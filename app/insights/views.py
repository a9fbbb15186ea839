from __future__ import annotations

from fastapi import APIRouter, Depends

from app.deps import csrf_protect, optional_account

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])
