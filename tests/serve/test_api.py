"""`sitrep serve`'s REST API through FastAPI's test client: every route, filter and error,
over each backend (`db_target`: SQLite, and PostgreSQL when a server is there)."""

from __future__ import annotations

import csv as csv_module
import dataclasses
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import TEXT, make_analysis, make_event
from sitrep.model import Place
from sitrep.serve.app import create_app
from sitrep.store import Store

TOKEN = "correct-horse-battery-staple"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
KABUL = Place("Kabul", "Kandahar", 0, 0, "AFG", precision="city")


def _store(path: str) -> str:
    """Two documents: an ASSAULT in Kandahar (doc-1), a PROTEST with a later date (doc-2)."""
    protest = make_event(id="doc-2:e1", doc_id="doc-2", type="PROTEST", mode=None, cameo="140",
                         status="planned")  # fmt: skip
    with Store.open(path) as store:
        store.save([make_analysis(), make_analysis([protest], doc_id="doc-2")])
    return path


@pytest.fixture
def client(db_target: str) -> Iterator[TestClient]:
    app = create_app(_store(db_target), token=TOKEN, max_body=50_000)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _error(reply: Any, status: int) -> dict[str, Any]:
    assert reply.status_code == status, reply.text
    body = reply.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "type", "message"}
    assert body["error"]["status"] == status
    assert "Traceback" not in reply.text
    return dict(body["error"])


def _review(client: TestClient, event_id: str, **body: Any) -> Any:
    return client.post(f"/api/events/{event_id}/review", json=body, headers=AUTH)


def test_health_says_whether_writes_are_allowed(client: TestClient, db_target: str) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["events"] == 2
    assert body["read_only"] is False
    read_only = TestClient(create_app(db_target))
    assert read_only.get("/api/health").json()["read_only"] is True


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/api/health", "/", "/api/events/nope", "/static/desk.js"):
        headers = client.get(path).headers
        assert "default-src 'none'" in headers["content-security-policy"]
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "unsafe-eval" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["doc-1:e1", "doc-2:e1"]),
        ({"type": "protest"}, ["doc-2:e1"]),
        ({"type": ["PROTEST", "ASSAULT"]}, ["doc-1:e1", "doc-2:e1"]),
        ({"status": "planned"}, ["doc-2:e1"]),
        ({"since": "2024-03-04"}, []),
        ({"until": "2024-03-03"}, ["doc-1:e1", "doc-2:e1"]),
        ({"place": "AFG"}, ["doc-1:e1", "doc-2:e1"]),
        ({"place": "Mosul"}, []),
        ({"actor": "taliban"}, ["doc-1:e1", "doc-2:e1"]),
        ({"q": "CHECKPOINT"}, ["doc-1:e1", "doc-2:e1"]),
        ({"q": "ceasefire"}, []),
        ({"review": "unreviewed"}, ["doc-1:e1", "doc-2:e1"]),
        ({"review": "confirmed"}, []),
    ],
)
def test_events_filters(client: TestClient, params: dict[str, Any], expected: list[str]) -> None:
    reply = client.get("/api/events", params=params)
    assert reply.status_code == 200, reply.text
    assert [e["id"] for e in reply.json()["events"]] == expected


@pytest.mark.parametrize(
    ("params", "word"),
    [
        ({"type": "BOMBING"}, "ASSAULT"),  # the choices are named
        ({"status": "maybe"}, "occurred"),
        ({"since": "yesterday"}, "YYYY-MM-DD"),
        ({"since": "2024-03-05", "until": "2024-03-01"}, "swap"),
        ({"review": "approved"}, "corrected"),
        ({"limit": "0"}, "limit"),
        ({"limit": "100000"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"merged": "perhaps"}, "merged"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_it(
    client: TestClient, params: dict[str, Any], word: str
) -> None:
    assert word in _error(client.get("/api/events", params=params), 400)["message"]


def test_pages_follow_the_cursor_to_the_end(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 1}).json()
    assert [e["id"] for e in first["events"]] == ["doc-1:e1"]
    second = client.get("/api/events", params={"limit": 1, "cursor": first["next"]}).json()
    assert [e["id"] for e in second["events"]] == ["doc-2:e1"]
    assert second["next"] is None


def test_merged_events_page_and_hold_their_reports(client: TestClient) -> None:
    reply = client.get("/api/events", params={"merged": "true", "limit": 1}).json()
    assert len(reply["events"]) == 1
    assert "members" in reply["events"][0]


def test_an_event_comes_with_its_document_excerpt_and_merged_event(client: TestClient) -> None:
    body = client.get("/api/events/doc-1:e1").json()
    assert body["event"]["id"] == "doc-1:e1"
    assert body["event"]["review"] is None
    assert body["document"]["id"] == "doc-1"
    excerpt = "".join(part["text"] for part in body["document"]["excerpt"])
    assert "Taliban fighters attacked" in excerpt
    assert {"actor", "trigger", "count"} <= {p["role"] for p in body["document"]["excerpt"]}
    assert body["merged"] is not None


def test_unknown_ids_are_404(client: TestClient) -> None:
    assert "nope" in _error(client.get("/api/events/nope"), 404)["message"]
    _error(client.get("/api/documents/nope"), 404)
    _error(client.post("/api/events/nope/review", json={"action": "confirm",
                                                          "reviewer": "a"}, headers=AUTH), 404)  # fmt: skip
    _error(client.get("/api/no-such-route"), 404)


def test_a_document_comes_with_the_spans_of_its_events(client: TestClient) -> None:
    body = client.get("/api/documents/doc-1").json()
    assert body["text"] == TEXT
    assert body["notes"] == []  # nothing to repair or guess in a UTF-8 text
    (event,) = body["events"]
    spans = {(s["field"], TEXT[s["start"] : s["end"]]) for s in event["spans"]}
    assert ("trigger", "attacked") in spans
    assert ("count", "at least 12 officers") in spans


def test_disagreements(client: TestClient) -> None:
    reply = client.get("/api/disagreements", params={"type": "ASSAULT"})
    assert reply.status_code == 200
    assert isinstance(reply.json()["disagreements"], list)
    _error(client.get("/api/disagreements", params={"since": "x"}), 400)


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong-token-wrong-token"}, 401),
        ({"Authorization": f"Basic {TOKEN}"}, 401),
        ({"Authorization": f"Bearer {TOKEN}", "Origin": "https://evil.example"}, 403),
        ({"Authorization": f"Bearer {TOKEN}", "Sec-Fetch-Site": "cross-site"}, 403),
    ],
)
def test_writes_need_the_token_from_this_site(
    client: TestClient, headers: dict[str, str], status: int
) -> None:
    reply = client.post("/api/events/doc-1:e1/review", json={"action": "confirm",
                        "reviewer": "ann"}, headers=headers)  # fmt: skip
    error = _error(reply, status)
    assert TOKEN not in error["message"]
    if status == 401:
        assert reply.headers["www-authenticate"] == "Bearer"
    assert client.get("/api/events/doc-1:e1").json()["event"]["review"] is None


def test_without_a_token_the_server_is_read_only(db_target: str) -> None:
    client = TestClient(create_app(_store(db_target)))
    reply = client.post("/api/events/doc-1:e1/review", json={"action": "confirm",
                        "reviewer": "ann"}, headers=AUTH)  # fmt: skip
    assert "read-only" in _error(reply, 403)["message"]
    assert "Read-only" in client.get("/").text


def test_a_correction_is_kept_beside_the_machine_value(client: TestClient) -> None:
    reply = _review(client, "doc-1:e1", action="correct", reviewer="ann",
                    fields={"counts": {"killed": 14}}, note="the ministry's later toll")  # fmt: skip
    assert reply.status_code == 201, reply.text
    saved = reply.json()["review"]
    assert saved["changes"] == [{"field": "counts.killed",
                                 "old": {"value": 12, "qualifier": "at_least"},
                                 "new": {"value": 14, "qualifier": "exact"}}]  # fmt: skip
    event = client.get("/api/events/doc-1:e1").json()["event"]
    assert event["counts"]["killed"]["value"] == 14
    assert event["counts"]["killed"]["text"] == "at least 12 officers"  # the machine's words
    assert event["review"]["state"] == "corrected"
    assert event["review"]["fields"] == ["counts.killed"]
    assert event["review"]["machine"]["counts.killed"]["value"] == 12
    assert event["review"]["history"][0]["reviewer"] == "ann"
    assert event["review"]["note"] == "the ministry's later toll"
    listed = client.get("/api/events", params={"review": "corrected"}).json()["events"]
    assert [e["id"] for e in listed] == ["doc-1:e1"]


def test_a_corrected_type_is_what_filters_see(client: TestClient) -> None:
    assert _review(client, "doc-1:e1", action="correct", reviewer="bo",
                   fields={"type": "COERCE"}).status_code == 201  # fmt: skip
    ids = [e["id"] for e in client.get("/api/events", params={"type": "COERCE"}).json()["events"]]
    assert ids == ["doc-1:e1"]
    event = client.get("/api/events/doc-1:e1").json()["event"]
    assert event["mode"] is None  # "armed attack" is no mode of COERCE
    assert event["review"]["machine"]["type"] == "ASSAULT"


def test_rejected_events_are_left_out_unless_asked_for(client: TestClient) -> None:
    assert _review(client, "doc-2:e1", action="reject", reviewer="ann").status_code == 201
    ids = [e["id"] for e in client.get("/api/events").json()["events"]]
    assert ids == ["doc-1:e1"]
    asked = client.get("/api/events", params={"review": "rejected"}).json()["events"]
    assert [e["id"] for e in asked] == ["doc-2:e1"]
    assert "doc-2:e1" not in client.get("/api/export").text
    # Confirming it again brings it back.
    assert _review(client, "doc-2:e1", action="confirm", reviewer="bo").status_code == 201
    assert len(client.get("/api/events").json()["events"]) == 2


@pytest.mark.parametrize(
    ("body", "word"),
    [
        ({"action": "approve", "reviewer": "a"}, "actions"),
        ({"action": "confirm"}, "reviewer"),
        ({"action": "confirm", "reviewer": "a", "fields": {"type": "AID"}}, "only a correction"),
        ({"action": "correct", "reviewer": "a", "fields": {"type": "BOMB"}}, "PLOVER"),
        ({"action": "correct", "reviewer": "a", "fields": {"colour": "red"}}, "fields:"),
        ({"action": "correct", "reviewer": "a", "fields": {"counts": {"killed": -1}}}, "killed"),
        ({"action": "correct", "reviewer": "a", "fields": {"counts": {"eaten": 1}}}, "kinds"),
        ({"action": "correct", "reviewer": "a", "fields": {"mode": "sign"}}, "not a mode"),
        ({"action": "correct", "reviewer": "a", "fields": {"date": {"start": "2024-13-01"}}},
         "YYYY-MM-DD"),
        ({"action": "correct", "reviewer": "a", "fields": {"location": {"name": "X",
          "lat": 100}}}, "lat"),
        ({"action": "confirm", "reviewer": "a", "extra": 1}, "unknown key"),
        ([1, 2], "JSON object"),
    ],
)  # fmt: skip
def test_a_bad_review_is_a_400_and_stores_nothing(client: TestClient, body: Any, word: str) -> None:
    reply = client.post("/api/events/doc-1:e1/review", json=body, headers=AUTH)
    assert word in _error(reply, 400)["message"]
    assert client.get("/api/events/doc-1:e1").json()["event"]["review"] is None


def test_a_review_must_be_json(client: TestClient) -> None:
    reply = client.post("/api/events/doc-1:e1/review", headers=AUTH,
                        content='{"action": "confirm", "reviewer": "a"}')  # fmt: skip
    _error(reply, 400)
    broken = client.post("/api/events/doc-1:e1/review", content="{not json",
                         headers=AUTH | {"Content-Type": "application/json"})  # fmt: skip
    assert "JSON" in _error(broken, 400)["message"]


def test_an_oversized_body_is_a_413(client: TestClient) -> None:
    reply = client.post("/api/documents", json={"text": "x" * 60_000}, headers=AUTH)
    assert "limit" in _error(reply, 413)["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"text": "'
        for _ in range(10):
            yield b"y" * 10_000
        yield b'"}'

    streamed = client.post("/api/documents", content=chunks(),
                           headers=AUTH | {"Content-Type": "application/json"})  # fmt: skip
    _error(streamed, 413)


def test_export_streams_jsonl_and_csv_with_the_review(client: TestClient) -> None:
    _review(client, "doc-1:e1", action="correct", reviewer="ann", fields={"counts": {"killed": 14}})
    lines = client.get("/api/export").text.splitlines()
    records = {r["id"]: r for r in map(json.loads, lines)}
    assert records["doc-1:e1"]["counts"]["killed"]["value"] == 14
    assert records["doc-1:e1"]["review"]["fields"] == ["counts.killed"]
    assert "review" not in records["doc-2:e1"]  # unreviewed records keep their shape
    csv = client.get("/api/export", params={"format": "csv", "type": "ASSAULT"})
    assert csv.headers["content-type"].startswith("text/csv")
    (cells,) = list(csv_module.DictReader(io.StringIO(csv.text)))
    assert cells["killed"] == "14"
    assert cells["review"] == "corrected"
    _error(client.get("/api/export", params={"format": "xml"}), 400)


def test_openapi_describes_every_route(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/events", "/api/events/{event_id}", "/api/documents/{doc_id}",
            "/api/disagreements", "/api/documents", "/api/events/{event_id}/review",
            "/api/export", "/api/health"} <= paths  # fmt: skip
    assert "/api/events" in client.get("/api/docs").text


def test_posted_documents_run_through_the_pipeline(db_target: str) -> None:
    app = create_app(_store(db_target), token=TOKEN)
    client = TestClient(app, raise_server_exceptions=False)
    text = "Rebels shelled the town of Goma on Monday, killing five civilians."
    reply = client.post("/api/documents?published=2024-03-06",
                        json=[{"id": "goma", "text": text}, {"text": "   "}, {"id": 3}],
                        headers=AUTH)  # fmt: skip
    assert reply.status_code == 201, reply.text
    body = reply.json()
    assert [d["stored"] for d in body["documents"]] == [True, False, False]
    assert {d.get("reason") for d in body["documents"][1:]} == {"empty", "malformed"}
    assert body["events"]
    stored = client.get(f"/api/events/{body['events'][0]}").json()["event"]
    assert stored["doc_id"] == "goma"
    plain = client.post("/api/documents", content=text.encode(),
                        headers=AUTH | {"Content-Type": "text/plain"})  # fmt: skip
    assert plain.status_code == 201
    _error(client.post("/api/documents", json=[], headers=AUTH), 400)
    _error(client.post("/api/documents", content=b"<x/>",
                       headers=AUTH | {"Content-Type": "application/xml"}), 400)  # fmt: skip
    _error(client.post("/api/documents", json={"text": text}), 401)


def test_a_bug_is_a_500_without_a_traceback(client: TestClient, monkeypatch: Any) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("sitrep.serve.routes.find_disagreements", broken)
    error = _error(client.get("/api/disagreements"), 500)
    assert "secret" not in error["message"]


def test_reviews_stay_attached_when_the_document_is_read_again(db_target: str) -> None:
    path = _store(db_target)
    client = TestClient(create_app(str(path), token=TOKEN))
    _review(client, "doc-1:e1", action="correct", reviewer="ann", fields={"counts": {"killed": 14}})
    changed = make_event(location=dataclasses.replace(make_event().location, admin1="Other"))
    with Store.open(path) as store:  # re-processed by a newer sitrep: replaced whole
        assert store.save([make_analysis([changed])]).documents == 1
    event = client.get("/api/events/doc-1:e1").json()["event"]
    assert event["counts"]["killed"]["value"] == 14
    assert event["location"]["admin1"] == "Other"
    assert client.get("/api/events", params={"review": "corrected"}).json()["events"]
