"""Who is calling: the socket's address, or X-Forwarded-For only when a configured proxy says so.

uvicorn on its own trusts X-Forwarded-For from 127.0.0.1, so any local user (or anything that can
reach the port through a tunnel) could pick their own address: bypass the console's per-address
login limit and write a forged address into the audit log. The run command and the tests start
uvicorn with --no-proxy-headers; this module is the only place proxy headers are read, and only
from the addresses in JOBBCOACH_TRUSTED_PROXIES (comma-separated IPs or networks, empty by default).
Behind a reverse proxy, set it to the proxy's address (docs/threat-model.md).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from starlette.requests import Request

from jobbcoach_settings import get_settings


@lru_cache(maxsize=8)
def _networks(setting: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    networks = []
    for part in setting.split(","):
        if part.strip():
            try:
                networks.append(ipaddress.ip_network(part.strip(), strict=False))
            except ValueError:
                continue  # a typo trusts nothing rather than everything
    return tuple(networks)


def trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(get_settings().trusted_proxies))


def client_address(request: Request) -> str:
    """The caller's address: the peer, or, when the peer is a trusted proxy, the address that proxy
    saw (the right-most X-Forwarded-For entry not itself a trusted proxy)."""
    peer = request.client.host if request.client else "unknown"
    if not trusted(peer):
        return peer
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not trusted(hop):
            return hop[:64]
    return peer
