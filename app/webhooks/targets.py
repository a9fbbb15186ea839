"""Where webhooks may go. A webhook makes our server send requests to an address someone typed, so
an address inside our own network (the database, a cloud metadata service, an admin port on
localhost) would turn Between into a way in: server-side request forgery. Such targets are
refused when an endpoint is registered and again before each delivery, since DNS may change.
Development and tests allow them (their receivers run on 127.0.0.1): the callers say which, with
`allow_private`, from the settings the app or the worker was started with."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
MAX_URL = 2000


class TargetRefused(Exception):
    """The address may not receive webhooks; the message says why, to a person."""


@dataclass(frozen=True)
class Target:
    url: str
    scheme: str
    host: str
    port: int


def parse(url: str, *, allow_private: bool) -> Target:
    """The address's shape: http(s), a host, no user name or password; plain http only where
    private targets are allowed."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise TargetRefused(
            "This is not a web address we can use. It should look like https://example.org/webhooks/between."
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused(
            "Please give a full web address starting with https://, for example https://example.org/webhooks/between."
        )
    if scheme == "http" and not allow_private:
        raise TargetRefused(
            "Please use an https:// address: deliveries describe what happens in your groups and must travel encrypted."
        )
    try:
        httpx.URL(url)  # what the worker will send to must be a URL httpx accepts too
    except (httpx.InvalidURL, ValueError):
        raise TargetRefused(
            f"“{parts.hostname}” is not a host name we can send to: please check the address."
        ) from None
    if parts.username is not None or parts.password is not None:
        raise TargetRefused(
            "Please leave the user name and password out of the address. Your receiver can "
            "trust a delivery by checking its signature instead."
        )
    return Target(url, scheme, parts.hostname, port or (443 if scheme == "https" else 80))


# NAT64 translators deliver these to an IPv4 address, in the last 32 bits with a /96 prefix (RFC 6052, 8215).
# A network may place it elsewhere inside 64:ff9b:1::/48, which is why NAT64 must also pass as IPv6 below.
_NAT64_PREFIXES = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # deprecated, but a host may still route them


def _carried_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address leads to through a relay, tunnel or translator: a request to
    2002:7f00:1:: can reach 127.0.0.1 through a 6to4 relay."""
    if address.ipv4_mapped is not None:
        return [address.ipv4_mapped]
    if address.sixtofour is not None:
        return [address.sixtofour]
    if address.teredo is not None:
        return list(address.teredo)  # the server and the client (Python undoes the client's obfuscation)
    last_32_bits = ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF)
    if any(address in prefix for prefix in _NAT64_PREFIXES):
        return [last_32_bits]
    # :: and ::1 are the unspecified and loopback addresses, not IPv4-compatible ones.
    if address in _IPV4_COMPATIBLE and not (address.is_unspecified or address.is_loopback):
        return [last_32_bits]
    return []


def refusal(address: IPAddress) -> str | None:
    """Why an address may not receive webhooks, or None when it may. An IPv6 address that carries
    IPv4 ones is refused when any of them would be."""
    if isinstance(address, ipaddress.IPv6Address):
        for carried in _carried_ipv4(address):
            why = _refusal_of(carried)
            if why is not None:
                return why
        # A mapped or 6to4 address is its IPv4 one written in IPv6, so that one decides: Python's own
        # verdict on 2002::/16 differs between patch releases (newer ones call all of it private).
        # Teredo, NAT64 and IPv4-compatible addresses must pass as IPv6 addresses too.
        if address.ipv4_mapped is not None or address.sixtofour is not None:
            return None
    return _refusal_of(address)


def _refusal_of(address: IPAddress) -> str | None:
    # The most specific reason first: Python counts link-local and 0.0.0.0 as private too.
    for flag, what in (
        ("is_loopback", "a loopback address (this server itself)"),
        ("is_unspecified", "an unspecified address"),
        ("is_link_local", "a link-local address (such as a cloud metadata service)"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private network address"),
        ("is_reserved", "a reserved address"),
    ):
        if getattr(address, flag):
            return what
    if not address.is_global:
        return "an address that is not on the public internet"
    return None


async def resolve(target: Target, *, allow_private: bool) -> list[IPAddress]:
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
        addresses = list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos))
    if not addresses:
        raise TargetRefused(f"We could not find {target.host}: please check the address.")
    if not allow_private:
        for address in addresses:
            why = refusal(address)
            if why is not None:
                raise TargetRefused(
                    f"{target.host} leads to {why} ({address}). Webhooks only go to addresses on the public internet."
                )
    return addresses


async def check(url: str, *, allow_private: bool) -> Target:
    """Refuses an address that may not receive webhooks (with the reason), at registration."""
    target = parse(url, allow_private=allow_private)
    if not allow_private:
        await resolve(target, allow_private=False)
    return target
