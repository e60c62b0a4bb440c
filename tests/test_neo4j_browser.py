"""Neo4j Browser as a user sees it: the test Neo4j serves the Browser (the neo4j-browser jar on its classpath),
headless Debian chromium connects with the password and runs the saved queries of docs/browser-queries.cypher."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.store_samples import meeting, sanctions


def saved_queries() -> list[tuple[str, str]]:
    """(title, query) of each favourite in docs/browser-queries.cypher (a `// title` line, then the query)."""
    out, title, lines = [], None, []
    for line in (ROOT / "docs" / "browser-queries.cypher").read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("//") and not lines:
            title = line[2:].strip()
        elif line.strip():
            lines.append(line)
        elif lines:
            out.append((title, " ".join(lines).rstrip(";")))
            title, lines = None, []
    return out


@pytest.fixture
def browser_page(neo4j_store, neo4j_server, chromium_path):
    playwright = pytest.importorskip("playwright.sync_api")
    neo4j_store.upsert_articles([meeting(), sanctions()])
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        address = neo4j_server.uri.replace("bolt://", "")
        page.goto(f"{neo4j_server.http_url}/browser/?connectURL=neo4j://neo4j@{address}")
        page.fill("[data-testid='password']", neo4j_server.password, timeout=120_000)
        page.click("[data-testid='connect']")
        page.wait_for_selector("text=You are connected", timeout=60_000)
        yield page
        browser.close()


def run(page, query: str):
    """Type the query into the Browser's editor and run it; the frame it opens."""
    page.locator(".monaco-editor").first.click()
    page.keyboard.type(query)
    page.keyboard.press("Control+Enter")
    frame = page.locator("[data-testid='frame']").first
    frame.locator("text=/Displaying|Started streaming|records|Error/").first.wait_for(timeout=60_000)
    return frame


def test_the_browser_shows_zarif_meeting_tillerson_and_runs_every_saved_query(browser_page, tmp_path):
    queries = saved_queries()
    assert len(queries) >= 4 and queries[0][0] == "Zarif's meetings"
    for title, query in reversed(queries):  # the first ends on top, for the screenshot
        frame = run(browser_page, query)
        assert "Error" not in frame.inner_text(), f"{title}: {frame.inner_text()[:300]}"
    frame = browser_page.locator("[data-testid='frame']").first
    assert "Displaying 2 nodes, 1 relationships" in frame.inner_text() and "MET (1)" in frame.inner_text()
    browser_page.screenshot(path=str(tmp_path / "zarif-met-tillerson.png"))
    frame.locator("text=Table").first.click()
    table = frame.inner_text()
    assert "Mohammad Javad Zarif" in table and "Rex Tillerson" in table
