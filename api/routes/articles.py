"""Articles: list, inspect, ingest a text now, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import JSONResponse

from geokg.api import service
from geokg.api.deps import StoreDep, WriteAccess
from geokg.api.problems import problem_responses
from geokg.api.routes.params import Limit, Offset
from geokg.api.schemas import ArticleDetail, ArticleIn, ArticleOut, IngestOut, JobOut, Page

router = APIRouter(prefix="/articles", tags=["articles"])
ArticleId = Annotated[str, Path(min_length=1, max_length=300, description="Article id",
                                         examples=["iran-missile-talks"])]


@router.get("", response_model=Page[ArticleOut], responses=problem_responses(422))
def list_articles(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> Page[ArticleOut]:
    """Stored articles, newest first."""
    return service.list_articles(store, limit, offset)


@router.get("/jobs/{job_id}", response_model=JobOut, responses=problem_responses(404, 422))
def get_job(request: Request, job_id: Annotated[str, Path(min_length=1, max_length=64, examples=["job-3f2a9c"],
                                                               description="The id a 202 answer named")]) -> JobOut:
    """Where a background ingest (a 202 answer of POST /articles) is: queued, running, done or failed."""
    return JobOut.of(request.app.state.jobs.get(job_id))


@router.get("/{article_id}", response_model=ArticleDetail, responses=problem_responses(404, 422))
def get_article(store: StoreDep, article_id: ArticleId) -> ArticleDetail:
    """One article with the entities and relation evidence extracted from it."""
    return service.article_detail(store, article_id)


@router.post("", response_model=IngestOut, status_code=201, dependencies=[WriteAccess],
             responses={200: {"model": IngestOut, "description": "The same text was already stored: nothing changed"},
                        202: {"model": JobOut, "description": "A long text: ingested in the background, poll "
                                                              "status_url (Location)"},
                        **problem_responses(400, 401, 403, 408, 413, 422, 503)})
def post_article(store: StoreDep, body: ArticleIn, request: Request, response: Response) -> IngestOut | JSONResponse:
    """Ingest a text now (needs the API key); 200 when the same text was already stored, 202 for long texts."""
    if len(body.text) > request.app.state.settings.background_post_chars:
        job = JobOut.of(request.app.state.jobs.submit(lambda nlp: service.ingest_text(store, nlp, body)))
        return JSONResponse(job.model_dump(mode="json"), status_code=202, headers={"Location": job.status_url})
    with request.app.state.pipeline.using() as nlp:
        result = service.ingest_text(store, nlp, body)
    if result.status == "unchanged":
        response.status_code = 200
    return result


@router.delete("/{article_id}", status_code=204, dependencies=[WriteAccess],
               responses=problem_responses(401, 403, 404, 422))
def delete_article(store: StoreDep, article_id: ArticleId) -> Response:
    """Delete an article, its evidence, and relations and entities left with none (needs the API key)."""
    service.delete_article(store, article_id)
    return Response(status_code=204)
