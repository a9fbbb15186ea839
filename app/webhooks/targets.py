"""Where webhooks may go. A webhook makes our server send requests to an address someone typed, so
an address inside our own network (the database, a cloud metadata service, an admin port on
localhost) would turn Between into a way in: server-side request forgery. Such targets are
refused when an endpoint is registered and again before each delivery, since DNS may change.
Development and tests allow them (their receivers run on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from app.config import get_settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
MAX_URL = 2000


class TargetRefused(Exception):
    """The address may not receive webhooks; the message says why, to a person."""


def private_targets_allowed() -> bool:
    return get_settings().allows_private_webhook_targets


@dataclass(frozen=True)
class Target:
    url: str
    scheme: str
    host: str
    port: int


def parse(url: str) -> Target:
    """The address's shape: http(s), a host, no user name or password."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise TargetRefused("This is not a web address we can use. It should look like "
                            "https://example.org/webhooks/between.") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused("Please give a full web address starting with https://, "
                            "for example https://example.org/webhooks/between.")
    if scheme == "http" and not private_targets_allowed():
        raise TargetRefused("Please use an https:// address: deliveries describe what happens in your groups "
                            "and must travel encrypted.")
    try:
        httpx.URL(url)  # what the worker will send to must be a URL httpx accepts too
    except (httpx.InvalidURL, ValueError):
        raise TargetRefused(f"“{parts.hostname}” is not a host name we can send to: please check the address.") from None
    if parts.username is not None or parts.password is not None:
        raise TargetRefused("Please leave the user name and password out of the address. Your receiver can "
                            "trust a delivery by checking its signature instead.")
    return Target(url, scheme, parts.hostname, port or (443 if scheme == "https" else 80))


def refusal(address: IPAddress) -> str | None:
    """Why an address may not receive webhooks, or None when it may."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    # The most specific reason first: Python counts link-local and 0.0.0.0 as private too.
    for flag, what in (("is_loopback", "a loopback address (this server itself)"),
                       ("is_unspecified", "an unspecified address"),
                       ("is_link_local", "a link-local address (such as a cloud metadata service)"),
                       ("is_multicast", "a multicast address"),
                       ("is_private", "a private network address"),
                       ("is_reserved", "a reserved address")):
        if getattr(address, flag):
            return what
    if not address.is_global:
        return "an address that is not on the public internet"
    return None


async def resolve(target: Target) -> list[IPAddress]:
    """Every address the host name resolves to, each one public (unless private targets are allowed).
    All of them are checked, not just the first, so a name cannot hide an inside address among
    public ones."""
    try:
        addresses = [ipaddress.ip_address(target.host)]
    except ValueError:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            raise TargetRefused(f"We could not find {target.host}: please check the address.") from None
        addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))
    if not addresses:
        raise TargetRefused(f"We could not find {target.host}: please check the address.")
    if not private_targets_allowed():
        for address in addresses:
            why = refusal(address)
            if why is not None:
                raise TargetRefused(f"{target.host} leads to {why} ({address}). Webhooks only go to addresses on "
                                    "the public internet.")
    return addresses


async def check(url: str) -> Target:
    """Refuses an address that may not receive webhooks (with the reason), at registration."""
    target = parse(url)
    if not private_targets_allowed():
        await resolve(target)
    return target
