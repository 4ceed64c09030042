"""Job alerts, the delivering half: after each index update, one digest per alert with new ads.

Where it runs, and why: in the web app, beside the push loops (web.push). The sync process
(`jobmatch sync --every …`) and a rebuild only publish a new snapshot; the web app's matching
service already follows them (jobmatch.service swaps the index without a restart), it owns the
outbox's delivery to the widget stream, Telegram and Slack, and it is the one long-running process
of ours that is not Rasa. So `AlertWatcher` asks the service now and then (JOBBCOACH_ALERT_POLL_SECONDS)
which snapshot it answers from, and when that changed it runs a digest round:

1. the ads of the snapshot go through the arrival ledger (jobmatch.alerts.ArrivalLedger, a file in
   var/alerts/): each id gets the time it was first seen;
2. every alert is matched at once (jobmatch.alerts.match_alerts: set look-ups, no embeddings);
3. each alert that is due (no digest for JOBBCOACH_ALERT_DIGEST_HOURS, a day by default) and has
   new, unsent ads gets ONE message: a sentence in its language (bot/domain/alerts.yml and the
   catalogues, the same texts Rasa says) and the `job_ads` payload the widget draws as cards;
4. the message is queued in the outbox in the same transaction that marks the alert
   (store.alerts.record_digests), so a crash never repeats or loses a digest; then the widget
   streams are woken, the Telegram/Slack loop kicked, and webhook digests POSTed (`WebhookSender`).

An alert that was not due keeps its ads (they stay "new" to it until its next digest), and the
watcher runs a round again when the first such alert falls due, even without a new snapshot.
Rounds are exclusive per var directory (a lock file), so two workers never send one digest twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import ipaddress
import logging
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import yaml
from starlette.concurrency import run_in_threadpool

from jobbcoach_settings import REPO, get_settings
from jobbcoach_settings.clock import now as clock_now
from jobmatch.ads import Ad
from jobmatch.alerts import AlertQuery, ArrivalLedger, Arrivals, describe_alert, match_alerts, read_alert
from jobmatch.service import get_service
from nlu import languages
from store import alerts as store_alerts
from store import outbox
from web import push

logger = logging.getLogger(__name__)

MAX_ADS_SHOWN = 10          # cards in one digest; the rest are counted ("12 nya, här är de 10 nyaste")
WEBHOOK_TIMEOUT_S = 10.0
WEBHOOK_RETRY_S = 30.0      # a failed webhook is tried again this often (a new digest kicks at once)
WEBHOOK_MAX_ATTEMPTS = 20   # then given up: ten minutes of a receiver that does not answer 2xx
WEBHOOK_AT_ONCE = 8         # parallel POSTs: slow receivers must not hold up the others
DOMAIN_FILE = REPO / "bot" / "domain" / "alerts.yml"


# --- the bot's words, read from the same data Rasa uses ------------------------------------------
@lru_cache(maxsize=1)
def _responses() -> dict[str, dict[str, list[dict[str, Any]]]]:
    """{language: {response: variations}}: Swedish from the domain, the others from their catalogue."""
    def read(path: Path) -> dict[str, list[dict[str, Any]]]:
        if not path.exists():
            return {}
        return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}

    table = {languages.default_code(): read(DOMAIN_FILE)}
    for code in languages.codes():
        if code != languages.default_code():
            table[code] = read(languages.CATALOGUE_DIR / code / DOMAIN_FILE.name)
    return table


def render(name: str, language: str | None, **values: Any) -> dict[str, Any]:
    """A response as a message ({"text", "buttons"}), in the language if it has it, else Swedish.

    The first variation, always: a digest is a notification, and the same alert reading the same
    way each day is easier to recognise (and to test) than a random one."""
    table = _responses()
    variations = (table.get(language or "") or {}).get(name) or table[languages.default_code()].get(name)
    if not variations:
        raise KeyError(f"no response {name} in {DOMAIN_FILE}")
    chosen = variations[0]

    def fill(text: str) -> str:  # as Rasa's interpolator: {name} is a value, {{ and }} are braces
        for key, value in values.items():
            text = text.replace("{" + key + "}", str(value))
        return text.replace("{{", "{").replace("}}", "}")

    message: dict[str, Any] = {"text": fill(chosen.get("text", ""))}
    if chosen.get("buttons"):
        message["buttons"] = [{"title": fill(b["title"]), "payload": fill(b["payload"])} for b in chosen["buttons"]]
    return message


def describe(alert: store_alerts.Alert) -> str:
    return describe_alert(alert.query, alert.occupation, alert.place)


# --- what a digest looks like --------------------------------------------------------------------
def _deadline_day(ad: Ad) -> str:
    return ad.deadline[:10] if len(ad.deadline) >= 10 else ""


def ads_payload(ads: Sequence[Ad]) -> dict[str, Any]:
    """The `job_ads` custom payload (docs/channels.md), the same shape the search's cards have."""
    cards, lines = [], []
    for n, ad in enumerate(ads, start=1):
        cards.append({"n": n, "id": ad.id, "title": ad.headline, "employer": ad.employer, "place": ad.municipality,
                      "extent": ad.extent, "deadline": _deadline_day(ad), "reason": ad.occupation_label,
                      "url": ad.url})
        where = ", ".join(part for part in (ad.employer, ad.municipality) if part)
        line = f"{n}. {ad.headline}" + (f" – {where}" if where else "")
        lines.append(line + (f"\n   {ad.url}" if ad.url else ""))
    return {"type": "job_ads", "text": "\n\n".join(lines), "ads": cards}


def intro(alert: store_alerts.Alert, count: int, shown: int) -> dict[str, Any]:
    values = {"search": describe(alert), "count": count, "shown": shown, "alert_id": alert.id}
    if count == 1:
        return render("utter_alert_digest_one", alert.language, **values)
    if count > shown:
        return render("utter_alert_digest_more", alert.language, **values)
    return render("utter_alert_digest", alert.language, **values)


def chat_message(alert: store_alerts.Alert, ads: Sequence[Ad]) -> dict[str, Any]:
    """One outbox message: the sentence, the cards, and a button to stop this alert."""
    shown = list(ads[:MAX_ADS_SHOWN])
    message = intro(alert, len(ads), len(shown))
    message["custom"] = ads_payload(shown)
    return message


def webhook_body(alert: store_alerts.Alert, ads: Sequence[Ad], now: datetime) -> dict[str, Any]:
    """What a third party receives (POSTed as JSON; schema in web.alerts_api.WebhookDigest)."""
    shown = list(ads[:MAX_ADS_SHOWN])
    return {"alert_id": alert.id, "query": alert.query, "place": alert.place, "sent_at": now.isoformat(),
            "count": len(ads), "text": intro(alert, len(ads), len(shown))["text"],
            "ads": [{"id": ad.id, "headline": ad.headline, "employer": ad.employer, "municipality": ad.municipality,
                     "municipality_code": ad.municipality_code, "occupation": ad.occupation_label,
                     "ssyk": ad.ssyk, "extent": ad.extent, "publication_date": ad.publication_date,
                     "deadline": ad.deadline, "url": ad.url} for ad in shown]}


# --- one round ------------------------------------------------------------------------------------
@dataclass
class RoundReport:
    """What a digest round did (logged, returned to tests and the benchmark)."""

    version: str = ""
    ads: int = 0
    alerts: int = 0
    matched: int = 0
    queued: int = 0
    waiting: int = 0                      # alerts with new ads that were not due yet
    next_due: datetime | None = None      # when the first waiting alert falls due
    seconds: float = 0.0
    web_senders: list[str] = field(default_factory=list)
    messaging: bool = False
    webhooks: bool = False


def ads_of(index: Any) -> tuple[list[Ad], Sequence[frozenset[str]] | None]:
    """The ads of a snapshot (and their skill ids where the backend keeps them), for either backend."""
    if hasattr(index, "ads"):
        return list(index.ads), getattr(index, "skills", None)
    return list(index.all_ads().values()), None


def digest_round(index: Any, ledger: ArrivalLedger, now: datetime, interval: timedelta,
                 url: str | None = None) -> RoundReport:
    """Match every alert against the snapshot and queue the digests that are due."""
    started = time.perf_counter()
    ads, skills = ads_of(index)
    first_seen = ledger.observe([ad.id for ad in ads], now.timestamp())
    alerts = store_alerts.all_alerts(url)
    report = RoundReport(version=str(getattr(index, "version", "")), ads=len(ads), alerts=len(alerts))
    by_id = {alert.id: alert for alert in alerts}
    queries = [AlertQuery(alert.id, read_alert(alert.query, alert.occupation, alert.place),
                          since=max(alert.created_at, alert.last_digest_at or alert.created_at).timestamp(),
                          sent=frozenset(alert.sent_ad_ids)) for alert in alerts]
    matches = match_alerts(queries, Arrivals(ads, first_seen, skills, open_after=now.timestamp()))
    report.matched = len(matches)
    present = {ad.id for ad in ads}
    digests = []
    for alert_id, found in matches.items():
        alert = by_id[alert_id]
        if alert.last_digest_at is not None and now - alert.last_digest_at < interval:
            report.waiting += 1
            due = alert.last_digest_at + interval
            report.next_due = due if report.next_due is None else min(report.next_due, due)
            continue
        message = webhook_body(alert, found, now) if alert.channel == store_alerts.WEBHOOK else chat_message(alert, found)
        remembered = [i for i in alert.sent_ad_ids if i in present] + [ad.id for ad in found]
        digests.append(store_alerts.Digest(alert.id, alert.sender_id, alert.channel, message, remembered))
    report.queued = len(store_alerts.record_digests(digests, now, url))
    report.web_senders = sorted({d.sender_id for d in digests if d.channel == "web"})
    report.messaging = any(d.channel in push.MESSAGING_CHANNELS for d in digests)
    report.webhooks = any(d.channel == store_alerts.WEBHOOK for d in digests)
    report.seconds = time.perf_counter() - started
    return report


# --- the watcher in the web app -------------------------------------------------------------------
def state_dir() -> Path:
    return get_settings().var_dir / "alerts"


class AlertWatcher:
    """Runs a digest round when the index has a new snapshot or a waiting alert falls due."""

    def __init__(self) -> None:
        self.rounds = 0
        self.last: RoundReport | None = None
        self._missing_logged = False

    def check(self) -> RoundReport | None:
        """One look (in a worker thread): a round if one is needed, else None."""
        try:
            index = get_service().index
        except Exception as error:  # no index yet (first start), or a damaged one: look again later
            if not self._missing_logged:
                logger.info("job alerts wait for an index: %s", error)
                self._missing_logged = True
            return None
        self._missing_logged = False
        directory = state_dir()
        directory.mkdir(parents=True, exist_ok=True)
        with open(directory / "round.lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return None  # another worker is running this round
            with ArrivalLedger(directory / "arrivals.sqlite") as ledger:
                now = clock_now()
                version = str(getattr(index, "version", ""))
                next_due = ledger.get("next_due")
                due_again = bool(next_due) and now >= datetime.fromisoformat(next_due)
                if ledger.get("version") == version and not due_again:
                    return None
                interval = timedelta(hours=get_settings().alert_digest_hours)
                report = digest_round(index, ledger, now, interval)
                ledger.put("version", version)
                ledger.put("next_due", report.next_due.isoformat() if report.next_due else "")
        self.rounds += 1
        self.last = report
        logger.info("job alerts: snapshot %s, %d ads, %d alerts, %d digests queued, %d waiting (%.2f s)",
                    report.version, report.ads, report.alerts, report.queued, report.waiting, report.seconds)
        return report

    def wake_deliveries(self, report: RoundReport) -> None:
        """On the event loop: the widget streams of the senders, the messaging loop, the webhooks."""
        for sender in report.web_senders:
            push.hub.notify(sender)
        if report.messaging:
            push.messaging.kick()
        if report.webhooks:
            webhooks.kick()

    async def run(self) -> None:
        while True:
            try:
                report = await run_in_threadpool(self.check)
                if report is not None:
                    self.wake_deliveries(report)
            except Exception:  # a broken round must not end the loop: the next look tries again
                logger.exception("job alert round failed")
            await asyncio.sleep(get_settings().alert_poll_seconds)


watcher = AlertWatcher()


# --- webhooks ---------------------------------------------------------------------------------------
def allowed_hosts() -> set[str]:
    return {h.strip().lower() for h in get_settings().alert_webhook_allowed_hosts.split(",") if h.strip()}


def webhook_problem(url: str) -> str | None:
    """Why a webhook address may not be used, in Swedish for the API's caller; None when it may.

    Only http(s), no credentials in the address, and (SSRF) no host that resolves to a loopback,
    private, link-local or otherwise non-public address, unless JOBBCOACH_ALERT_WEBHOOK_ALLOWED_HOSTS
    names it. Checked when the alert is made and again before each POST (a name can be re-pointed);
    redirects are not followed, so a public address cannot bounce the POST inwards."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "webhook_url är ingen giltig adress"
    if parts.scheme not in ("http", "https"):
        return "webhook_url måste börja med http:// eller https://"
    host = (parts.hostname or "").lower()
    if not host:
        return "webhook_url saknar värdnamn"
    if parts.username or parts.password:
        return "webhook_url får inte innehålla användarnamn eller lösenord"
    if host in allowed_hosts():
        return None
    try:
        infos = socket.getaddrinfo(host, port or (443 if parts.scheme == "https" else 80), proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return f"värden {host} går inte att slå upp"
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            return f"webhook_url pekar på en intern adress ({address}); bara publika adresser tillåts"
    return None


class WebhookSender:
    """POSTs queued webhook digests, oldest first per alert, retrying what failed."""

    def __init__(self) -> None:
        self._kick = asyncio.Event()

    def kick(self) -> None:
        self._kick.set()

    async def _post(self, client: httpx.AsyncClient, item: store_alerts.WebhookDelivery) -> bool:
        problem = await run_in_threadpool(webhook_problem, item.webhook_url or "")
        if problem:
            logger.warning("webhook digest %s dropped: %s", item.id, problem)
            return True  # not deliverable to this address, ever: out of the queue
        try:
            response = await client.post(item.webhook_url, json=item.body,
                                         headers={"User-Agent": "Jobbcoach-alerts/1",
                                                  "X-Jobbcoach-Alert": str(item.alert_id)})
        except httpx.HTTPError as error:
            logger.warning("webhook digest %s to %s failed: %s", item.id, item.webhook_url, error)
            return False
        if not 200 <= response.status_code < 300:
            logger.warning("webhook digest %s: %s answered %s", item.id, item.webhook_url, response.status_code)
        return 200 <= response.status_code < 300

    async def deliver_pending(self) -> int:
        items = await run_in_threadpool(store_alerts.pending_webhooks)
        firsts: dict[int | None, store_alerts.WebhookDelivery] = {}
        for item in items:
            firsts.setdefault(item.alert_id, item)  # one per alert per round: keeps each alert's order
        slots = asyncio.Semaphore(WEBHOOK_AT_ONCE)
        sent = 0

        async def one(client: httpx.AsyncClient, item: store_alerts.WebhookDelivery) -> None:
            nonlocal sent
            async with slots:
                if item.webhook_url is None:  # the alert was deleted: its digest goes nowhere
                    await run_in_threadpool(store_alerts.webhook_done, item.id)
                    return
                if await self._post(client, item):
                    await run_in_threadpool(store_alerts.webhook_done, item.id)
                    sent += 1
                elif item.attempts + 1 >= WEBHOOK_MAX_ATTEMPTS:
                    logger.warning("webhook digest %s given up after %d attempts", item.id, item.attempts + 1)
                    await run_in_threadpool(store_alerts.webhook_done, item.id)
                else:
                    await run_in_threadpool(outbox.record_attempt, item.id)

        async with httpx.AsyncClient(timeout=WEBHOOK_TIMEOUT_S, follow_redirects=False) as client:
            await asyncio.gather(*(one(client, item) for item in firsts.values()))
        return sent + (1 if len(firsts) < len(items) else 0)  # more queued behind: go round again soon

    async def run(self) -> None:
        while True:
            more = 0
            try:
                more = await self.deliver_pending()
            except Exception:
                logger.exception("webhook delivery round failed")
            if not more:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._kick.wait(), WEBHOOK_RETRY_S)
                self._kick.clear()


webhooks = WebhookSender()
