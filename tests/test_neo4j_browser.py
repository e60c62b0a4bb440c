"""Neo4j Browser as a user sees it: the test Neo4j serves the Browser (the neo4j-browser jar on its classpath),
headless Debian chromium connects with the password, drops docs/geokg.grass and a zip of docs/browser-queries/
onto the Browser (its own import: a .grass file restyles, each .cypher in a .zip becomes a favourite), then runs
each favourite from the Favorites drawer and reads the graph on screen."""

from __future__ import annotations

import base64
import io
import zipfile

import pytest

from tests.conftest import ROOT
from tests.store_samples import meeting, sanctions

QUERIES = ROOT / "docs" / "browser-queries"
PERSON_COLOUR = "#68BDF6"  # node.Person in docs/geokg.grass; not a colour of the Browser's own palette


def favourites() -> list[tuple[str, str]]:
    """(title, query) of each saved query: docs/browser-queries/*.cypher, a `// title` line, then the query."""
    out = []
    for path in sorted(QUERIES.glob("*.cypher")):
        first, _, query = path.read_text(encoding="utf-8").partition("\n")
        assert first.startswith("// "), f"{path.name}: the first line is the favourite's name, as `// name`"
        out.append((first[3:].strip(), query.strip()))
    return out


def favourites_zip() -> bytes:
    """The folder zipped as docs/neo4j-browser.md says: `zip -r geokg-favorites.zip browser-queries`."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for path in sorted(QUERIES.glob("*.cypher")):
            z.write(path, f"{QUERIES.name}/{path.name}")
    return buf.getvalue()


DROP = """([name, data]) => {
  const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
  const files = new DataTransfer();
  files.items.add(new File([bytes], name));
  const target = document.querySelector('.filedrop');
  for (const type of ['dragenter', 'dragover', 'drop'])
    target.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: files}));
}"""


def drop_file(page, name: str, data: bytes) -> None:
    """Drag a file from the desktop onto the Browser window."""
    page.evaluate(DROP, [name, base64.b64encode(data).decode()])


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


def wait_for_result(page):
    """The newest frame, once its query has answered."""
    frame = page.locator("[data-testid='frame']").first
    frame.locator("text=/Displaying|Started streaming|records|Error/").first.wait_for(timeout=60_000)
    return frame


def run_saved(page, item):
    """Run a favourite and return its frame once answered; a click the busy page dropped is made again."""
    before = page.locator("[data-testid='frame']").count()
    for _ in range(3):
        item.hover(timeout=30_000)
        item.get_by_test_id("savedScriptsButton-Run").click()
        try:
            page.wait_for_function("n => document.querySelectorAll(\"[data-testid='frame']\").length > n",
                                   arg=before, timeout=15_000)
            break
        except Exception as e:  # playwright's TimeoutError; the module is imported only when it is there
            if type(e).__name__ != "TimeoutError":
                raise
            continue
    return wait_for_result(page)


def test_the_browser_styles_by_the_grass_and_runs_every_favourite(browser_page, tmp_path):
    page = browser_page
    saved = favourites()
    assert len(saved) >= 4 and saved[0][0] == "Zarif's meetings"
    drop_file(page, "geokg.grass", (ROOT / "docs" / "geokg.grass").read_bytes())
    page.locator("[data-testid='frame']", has_text="node.Person").first.wait_for(timeout=60_000)  # :style shows it
    drop_file(page, "geokg-favorites.zip", favourites_zip())
    page.click("[data-testid='navigationFavorites']")
    page.click(f"[data-testid='expandFolder-{QUERIES.name}']")  # the zip's folder becomes a folder of favourites
    for title, _ in reversed(saved):  # the first ends on top, for the screenshot
        item = page.locator("[data-testid='savedScriptListItem']", has=page.get_by_test_id(f"scriptTitle-{title}"))
        frame = run_saved(page, item)
        assert "Error" not in frame.inner_text(), f"{title}: {frame.inner_text()[:300]}"
    frame = page.locator("[data-testid='frame']").first
    assert "Displaying 2 nodes, 1 relationships" in frame.inner_text() and "MET (1)" in frame.inner_text()
    graph = frame.locator("svg.neod3viz")
    graph.locator("text.caption", has_text="Tillerson").wait_for(timeout=30_000)  # drawn once the layout settles
    captions = " ".join(graph.locator("text.caption").all_text_contents())
    assert "Mohamm" in captions and "Tillerson" in captions, captions  # by name, as the grass says (cut to fit)
    fills = {c.get_attribute("fill") for c in graph.locator("circle.b-outline").all()}
    assert fills == {PERSON_COLOUR}, fills  # both are Person nodes, in the grass's colour
    page.screenshot(path=str(tmp_path / "zarif-met-tillerson.png"))
    frame.locator("text=Table").first.click()
    table = frame.inner_text()
    assert "Mohammad Javad Zarif" in table and "Rex Tillerson" in table
