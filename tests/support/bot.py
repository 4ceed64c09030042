"""A jobseeker talking to the running bot through Rasa's REST channel, as a website or app would."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import httpx


@dataclass
class Jobseeker:
    """One conversation: a stable sender id and the bot's answers so far."""

    rasa_url: str
    sender: str = field(default_factory=lambda: f"test-{uuid.uuid4().hex[:12]}")
    timeout: float = 60

    def say(self, text: str) -> list[dict]:
        """Send one message to /webhooks/rest/webhook and return the bot's messages."""
        response = httpx.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text},
            timeout=self.timeout,
        )
        response.raise_for_status()
        return response.json()

    def say_text(self, text: str) -> str:
        """The bot's answer as one string, as a text-only channel shows it: the texts, and for a custom
        payload (the job_ads list) its text fallback, joined by newlines."""
        parts = []
        for message in self.say(text):
            custom = message.get("custom")
            parts.append(message.get("text") or (custom.get("text", "") if isinstance(custom, dict) else ""))
        return "\n".join(parts)
