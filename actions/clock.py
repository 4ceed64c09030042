"""The actions' clock is the project's one clock (jobbcoach_settings.clock); this name stays so the
actions keep `from actions import clock`."""

from jobbcoach_settings.clock import now, today, week_start

__all__ = ["now", "today", "week_start"]
