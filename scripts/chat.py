"""Talk to the running bot in the terminal, through the same REST channel a website uses.

Start the bot with `make run` in another terminal first. Buttons are listed with numbers; type a
number to press one.
"""

from __future__ import annotations

import sys
import uuid

import httpx

from jobbcoach_settings import get_settings

RASA_URL = get_settings().rasa_url


def show(messages: list[dict]) -> list[dict]:
    buttons: list[dict] = []
    for message in messages:
        if message.get("text"):
            print(f"\033[1;32mJobbcoach:\033[0m {message['text']}")
        for button in message.get("buttons", []):
            buttons.append(button)
            print(f"   [{len(buttons)}] {button['title']}")
    return buttons


def main() -> int:
    sender = f"terminal-{uuid.uuid4().hex[:8]}"
    print("Skriv till Jobbcoach (Ctrl-D för att avsluta).")
    buttons: list[dict] = []
    with httpx.Client(timeout=60) as client:
        while True:
            try:
                text = input("\033[1mDu:\033[0m ").strip()
            except (EOFError, KeyboardInterrupt):
                print()
                return 0
            if text.isdigit() and 0 < int(text) <= len(buttons):
                text = buttons[int(text) - 1]["payload"]
            try:
                reply = client.post(f"{RASA_URL}/webhooks/rest/webhook", json={"sender": sender, "message": text})
                reply.raise_for_status()
            except httpx.HTTPError as error:
                print(f"Kunde inte nå boten på {RASA_URL} ({error}). Kör `make run` först.", file=sys.stderr)
                continue
            buttons = show(reply.json())


if __name__ == "__main__":
    sys.exit(main())
