"""Client for the live JobTech APIs: JobSearch (search, one ad) and JobStream (snapshot, changes).

Base URLs are configuration (MatchConfig.jobsearch_url / jobstream_url) so tests point them at a
local fake serving recorded responses; an API key, if the service wants one, is
MatchConfig.jobtech_api_key. Errors become JobTechError with a message a person can act on.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx

from .config import current

DEFAULT_JOBSEARCH_URL = "https://jobsearch.api.jobtechdev.se"
DEFAULT_JOBSTREAM_URL = "https://jobstream.api.jobtechdev.se"
PAGE_SIZE = 100
MAX_OFFSET = 2000  # JobSearch refuses offsets beyond this


class JobTechError(RuntimeError):
    """The JobTech API could not be reached or answered something unusable."""


class JobTechClient:
    def __init__(self, jobsearch_url: str | None = None, jobstream_url: str | None = None,
                 api_key: str | None = None, timeout: float = 30.0, retries: int = 2,
                 transport: httpx.BaseTransport | None = None) -> None:
        config = current()
        self.jobsearch_url = (jobsearch_url or config.jobsearch_url or DEFAULT_JOBSEARCH_URL).rstrip("/")
        self.jobstream_url = (jobstream_url or config.jobstream_url or DEFAULT_JOBSTREAM_URL).rstrip("/")
        key = api_key if api_key is not None else config.jobtech_api_key
        headers = {"accept": "application/json", "user-agent": "jobbcoach-jobmatch/0.1"}
        if key:
            headers["api-key"] = key
        self.retries = retries
        self._http = httpx.Client(headers=headers, timeout=timeout, transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> JobTechClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _get(self, url: str, params: dict[str, Any] | None = None) -> Any:
        last: Exception | None = None
        for attempt in range(self.retries + 1):
            try:
                response = self._http.get(url, params=params)
            except httpx.HTTPError as exc:
                last = exc
            else:
                if response.status_code == 404:
                    return None
                if response.status_code >= 500 or response.status_code == 429:
                    last = JobTechError(f"{url} answered {response.status_code}")
                elif response.status_code >= 400:
                    raise JobTechError(f"{url} answered {response.status_code}: {response.text[:200]}")
                else:
                    try:
                        return response.json()
                    except ValueError as exc:
                        raise JobTechError(f"{url} did not answer JSON") from exc
            if attempt < self.retries:
                time.sleep(0.2 * 2 ** attempt)
        raise JobTechError(f"cannot reach {url}: {last}")

    # --- JobSearch ----------------------------------------------------------------------------
    def search(self, q: str | None = None, limit: int = 10, offset: int = 0, **filters: Any) -> dict[str, Any]:
        """One page of /search: {"total": {"value": n}, "hits": [...], ...}."""
        params = {"limit": limit, "offset": offset, **{k: v for k, v in filters.items() if v is not None}}
        if q:
            params["q"] = q
        data = self._get(f"{self.jobsearch_url}/search", params)
        if not isinstance(data, dict) or not isinstance(data.get("hits"), list):
            raise JobTechError("JobSearch /search answered without a hits list")
        return data

    def search_all(self, q: str | None = None, max_hits: int = 1000, **filters: Any) -> Iterator[dict]:
        """Hits of a search across pages, up to max_hits (and the API's own offset limit)."""
        offset = 0
        while offset < max_hits and offset <= MAX_OFFSET:
            page = self.search(q, limit=min(PAGE_SIZE, max_hits - offset), offset=offset, **filters)
            hits = page["hits"]
            yield from hits
            total = (page.get("total") or {}).get("value", 0)
            offset += len(hits)
            if not hits or offset >= total:
                break

    def ad(self, ad_id: str) -> dict[str, Any] | None:
        """One ad by id from /ad/{id}; None if the API does not know it."""
        return self._get(f"{self.jobsearch_url}/ad/{ad_id}")

    # --- JobStream ----------------------------------------------------------------------------
    def snapshot(self) -> list[dict]:
        """All currently published ads (/v2/snapshot)."""
        data = self._get(f"{self.jobstream_url}/v2/snapshot")
        if not isinstance(data, list):
            raise JobTechError("JobStream /v2/snapshot did not answer a list of ads")
        return data

    def stream(self, since: datetime, until: datetime | None = None) -> list[dict]:
        """Ads published, changed or removed since a time (/v2/stream?date=…); removed ones carry removed=true."""
        params = {"date": since.strftime("%Y-%m-%dT%H:%M:%S")}
        if until is not None:
            params["updated-before-date"] = until.strftime("%Y-%m-%dT%H:%M:%S")
        data = self._get(f"{self.jobstream_url}/v2/stream", params)
        if not isinstance(data, list):
            raise JobTechError("JobStream /v2/stream did not answer a list of ads")
        return data
