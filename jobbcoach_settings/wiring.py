"""Hands the settings to the packages that may not import them (store/, jobmatch/).

The one module of this package that imports other packages of ours: entry points (web app, action
server, console CLI, tests) call `configure_packages()` once at start-up. The functions handed in
read the settings at each use, so a test that changes a variable is followed.
"""

from __future__ import annotations

from jobbcoach_settings import Settings, get_settings
from jobbcoach_settings.clock import now
from jobmatch import config as match_config
from store import db as store_db


def match_config_from(settings: Settings) -> match_config.MatchConfig:
    return match_config.MatchConfig(**settings.matching(), clock=now)


def configure_packages() -> Settings:
    """Validate the settings (a bad value stops the process here, with the variable named) and wire
    store/ and jobmatch/ to them."""
    settings = get_settings()
    store_db.configure(lambda: get_settings().db_url)
    match_config.configure(lambda: match_config_from(get_settings()))
    return settings
