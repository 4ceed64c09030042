"""Caseworker accounts, login with rate limiting and lock-out, and server-side sessions.

Why server-side sessions rather than signed cookies: a session must end the moment a caseworker
logs out, is deactivated or changes role, which a self-contained signed cookie cannot do. The
cookie carries 256 random bits; the database stores only their SHA-256.

Login throttling, both counted from `console_login_attempts` so every web worker sees the same count:
* lock-out per user name: after `max_failed_logins` failures since the last success (within
  `lockout_minutes`), that name is refused for `lockout_minutes` after its latest failure - for
  names that do not exist as well, so the answer never reveals which names do;
* rate limit per client address: more than `ip_failures_per_window` failures in
  `ip_window_minutes` and the address gets 429 for any user name.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from web.console import audit, passwords
from web.console.config import ConsoleSettings, settings
from web.console.models import ROLES, Caseworker, ConsoleSession, LoginAttempt


def now() -> datetime:
    return datetime.now(UTC)


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def normalise_username(username: str) -> str:
    return username.strip().lower()[:80]


class AccountError(ValueError):
    """A user-management request that cannot be done; the message is shown to the admin."""


# --- accounts ------------------------------------------------------------------------------------


def create_user(session: Session, username: str, password: str, role: str = "caseworker") -> Caseworker:
    username = normalise_username(username)
    if not username or not all(c.isalnum() or c in "._-@" for c in username):
        raise AccountError("Användarnamnet får bara innehålla bokstäver, siffror och . _ - @")
    if role not in ROLES:
        raise AccountError(f"Okänd roll: {role}")
    if session.scalar(select(Caseworker).where(Caseworker.username == username)):
        raise AccountError("Det finns redan ett konto med det användarnamnet.")
    try:
        password_hash = passwords.hash_password(password)
    except passwords.WeakPassword as error:
        raise AccountError(str(error)) from error
    user = Caseworker(username=username, password_hash=password_hash, role=role, active=True)
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: Caseworker, password: str) -> None:
    try:
        user.password_hash = passwords.hash_password(password)
    except passwords.WeakPassword as error:
        raise AccountError(str(error)) from error
    end_sessions(session, user.id)


def end_sessions(session: Session, user_id: int, keep_token_hash: str | None = None) -> None:
    query = delete(ConsoleSession).where(ConsoleSession.user_id == user_id)
    if keep_token_hash:
        query = query.where(ConsoleSession.token_hash != keep_token_hash)
    session.execute(query)


def unlock(session: Session, username: str) -> None:
    """An admin lifts a lock-out: a success row resets the failure count."""
    session.add(LoginAttempt(username=normalise_username(username), ip="admin-unlock", success=True))


# --- login ---------------------------------------------------------------------------------------


@dataclass
class LoginResult:
    user: Caseworker | None = None
    token: str | None = None
    error: str | None = None
    status: int = 200


def _failures_since_success(
    session: Session, username: str, cfg: ConsoleSettings, at: datetime
) -> tuple[int, datetime | None]:
    window_start = at - timedelta(minutes=cfg.console_lockout_minutes)
    last_success = session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username, LoginAttempt.success.is_(True)
        )
    )
    since = max(window_start, _aware(last_success)) if last_success else window_start
    count, latest = session.execute(
        select(func.count(), func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username, LoginAttempt.success.is_(False), LoginAttempt.at > since
        )
    ).one()
    return int(count), (_aware(latest) if latest else None)


def is_locked(
    session: Session, username: str, cfg: ConsoleSettings | None = None, at: datetime | None = None
) -> bool:
    cfg, at = cfg or settings(), at or now()
    failures, _latest = _failures_since_success(session, normalise_username(username), cfg, at)
    return failures >= cfg.console_max_failed_logins


def ip_rate_limited(
    session: Session, ip: str, cfg: ConsoleSettings | None = None, at: datetime | None = None
) -> bool:
    cfg, at = cfg or settings(), at or now()
    failures = session.scalar(
        select(func.count()).where(
            LoginAttempt.ip == ip,
            LoginAttempt.success.is_(False),
            LoginAttempt.at > at - timedelta(minutes=cfg.console_ip_window_minutes),
        )
    )
    return int(failures or 0) >= cfg.console_ip_failures


def login(session: Session, username: str, password: str, ip: str) -> LoginResult:
    """Check a login and, when it succeeds, open a session. Always records the attempt."""
    cfg, at = settings(), now()
    username = normalise_username(username)
    if ip_rate_limited(session, ip, cfg, at):
        session.add(LoginAttempt(username=username, ip=ip, at=at, success=False))
        audit.record(session, username or "?", "login_failed", detail="rate limited", ip=ip)
        return LoginResult(error="För många inloggningsförsök. Vänta en stund och försök igen.", status=429)
    if is_locked(session, username, cfg, at):
        session.add(LoginAttempt(username=username, ip=ip, at=at, success=False))
        audit.record(session, username or "?", "login_failed", detail="locked", ip=ip)
        return LoginResult(
            error=f"Kontot är tillfälligt låst efter för många misslyckade försök. "
            f"Försök igen om {cfg.console_lockout_minutes} minuter eller kontakta en administratör.",
            status=423,
        )
    user = session.scalar(select(Caseworker).where(Caseworker.username == username))
    ok = passwords.verify(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        session.add(LoginAttempt(username=username, ip=ip, at=at, success=False))
        audit.record(session, username or "?", "login_failed", ip=ip)
        return LoginResult(error="Fel användarnamn eller lösenord.", status=401)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords._hasher.hash(password)
    session.add(LoginAttempt(username=username, ip=ip, at=at, success=True))
    user.last_login_at = at
    token = open_session(session, user, cfg, at)
    audit.record(session, username, "login", ip=ip)
    return LoginResult(user=user, token=token)


# --- sessions ------------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(
    session: Session, user: Caseworker, cfg: ConsoleSettings | None = None, at: datetime | None = None
) -> str:
    cfg, at = cfg or settings(), at or now()
    token = secrets.token_urlsafe(32)
    session.add(
        ConsoleSession(
            token_hash=token_hash(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=at,
            last_seen_at=at,
            expires_at=at + timedelta(hours=cfg.console_session_max_hours),
        )
    )
    # Expired sessions and login attempts too old to count for any limit are swept here rather than
    # by a separate job (failed logins stay in the audit log).
    session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at < at))
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < at - timedelta(days=1)))
    return token


@dataclass
class Identity:
    """The logged-in caseworker as request handlers see it."""

    user_id: int
    username: str
    role: str
    csrf_token: str
    token_hash: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def resolve_session(session: Session, token: str | None, touch: bool = True) -> Identity | None:
    """The identity behind a session cookie, or None if it is unknown, expired, idle or revoked.

    `touch=False` for what a page's script asks by itself in the background (the inbox's counts):
    an open tab must not keep a session alive past its idle limit."""
    if not token or len(token) > 200:
        return None
    cfg, at = settings(), now()
    row = session.get(ConsoleSession, token_hash(token))
    if row is None:
        return None
    idle_limit = _aware(row.last_seen_at) + timedelta(minutes=cfg.console_session_idle_minutes)
    if _aware(row.expires_at) <= at or idle_limit <= at:
        session.delete(row)
        return None
    user = session.get(Caseworker, row.user_id)
    if user is None or not user.active:
        session.delete(row)
        return None
    # Touch at most once a minute: every page load need not be a write.
    if touch and at - _aware(row.last_seen_at) > timedelta(minutes=1):
        row.last_seen_at = at
    return Identity(user.id, user.username, user.role, row.csrf_token, row.token_hash)


def logout(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(ConsoleSession).where(ConsoleSession.token_hash == token_hash(token)))
