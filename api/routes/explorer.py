"""The graph explorer at /: one page and its assets, served by the API itself (no other server, no CDN)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

ASSETS = Path(__file__).resolve().parent.parent / "static" / "explorer"
ASSETS_URL = "/explorer"  # app.py mounts ASSETS here

router = APIRouter(include_in_schema=False)


@router.get("/")
def explorer_page() -> FileResponse:
    """The explorer: search, entity pages with their graph, timelines, dyads, evidence."""
    return FileResponse(ASSETS / "index.html", media_type="text/html")
