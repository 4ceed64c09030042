"""A local fake of the JobTech APIs on 127.0.0.1, serving the recorded responses in fixtures/.

Real HTTP, real JSON, the real response shapes; no traffic leaves the machine. It also counts
requests and can be told to fail, to test retries and error messages.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

FIXTURES = Path(__file__).with_name("fixtures")


def load(name: str):
    return json.loads((FIXTURES / name).read_text("utf-8"))


class FakeJobTech:
    def __init__(self) -> None:
        self.requests: list[str] = []
        self.fail_next = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def _send(self, status: int, body) -> None:
                data = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):  # noqa: N802
                url = urlparse(self.path)
                params = parse_qs(url.query)
                fake.requests.append(self.path)
                if fake.fail_next:
                    fake.fail_next -= 1
                    return self._send(503, {"message": "try later"})
                if url.path == "/search":
                    page = load("jobsearch_search_larare.json")
                    offset = int(params.get("offset", ["0"])[0])
                    limit = int(params.get("limit", ["10"])[0])
                    page["hits"] = page["hits"][offset:offset + limit]
                    return self._send(200, page)
                if url.path.startswith("/ad/"):
                    ad = load("jobsearch_ad.json")
                    if url.path == f"/ad/{ad['id']}":
                        return self._send(200, ad)
                    return self._send(404, {"message": "Ad not found"})
                if url.path == "/v2/snapshot":
                    return self._send(200, load("jobstream_snapshot.json"))
                if url.path == "/v2/stream":
                    if "date" not in params:
                        return self._send(400, {"message": "date is required"})
                    return self._send(200, load("jobstream_stream.json"))
                return self._send(404, {"message": "no such endpoint"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeJobTech:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
