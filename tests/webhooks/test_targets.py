"""Which addresses may receive webhooks: IPv6 addresses that carry an IPv4 one (6to4, Teredo, NAT64,
IPv4-mapped and IPv4-compatible) are judged by the IPv4 address that relays and translators deliver to."""

from __future__ import annotations

import pytest

from app.webhooks import targets
from app.webhooks.targets import TargetRefused


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://[2002:7f00:1::]/", "loopback"),  # 6to4 of 127.0.0.1
        ("https://[2002:a9fe:a9fe::]/", "link-local"),  # 6to4 of 169.254.169.254, the cloud metadata service
        ("https://[2002:c0a8:1:1::1]/", "private network"),  # 6to4 of 192.168.0.1
        ("https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "loopback"),  # Teredo: public server, client 127.0.0.1
        ("https://[2001:0:a9fe:a9fe:8000:63bf:f7f7:f7f7]/", "link-local"),  # Teredo: server 169.254.169.254
        ("https://[::ffff:7f00:1]/", "loopback"),  # IPv4-mapped 127.0.0.1
        ("https://[::7f00:1]/", "loopback"),  # IPv4-compatible 127.0.0.1
        ("https://[64:ff9b::a9fe:a9fe]/", "link-local"),  # NAT64 of 169.254.169.254
        ("https://[64:ff9b:1::a00:1]/", "private network"),  # local-use NAT64 of 10.0.0.1
    ],
)
async def test_ipv6_addresses_carrying_an_inside_ipv4_address_are_refused(url: str, reason: str) -> None:
    with pytest.raises(TargetRefused) as refused:
        await targets.check(url, allow_private=False)
    message = str(refused.value)
    assert " leads to " in message and reason in message, message
    assert message.endswith("Webhooks only go to addresses on the public internet.")


@pytest.mark.parametrize(
    "url",
    [
        "https://[2002:808:808::]/hooks",  # 6to4 of 8.8.8.8
        "https://[::ffff:808:808]/hooks",  # IPv4-mapped 8.8.8.8
        "https://[2606:4700:4700::1111]/hooks",  # an ordinary global IPv6 address
        "https://93.184.215.14/hooks",
    ],
)
async def test_public_addresses_are_accepted(url: str) -> None:
    assert (await targets.check(url, allow_private=False)).url == url
