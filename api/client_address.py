"""Who is on the other end: the address rate limits, the lockout and quotas count under."""

from ipaddress import IPv4Network, IPv6Network, ip_address


def forwarded_client(
    *, peer: str | None, forwarded_for: list[str], trusted: list[IPv4Network | IPv6Network]
) -> str | None:
    def is_trusted(address: str) -> bool:
        try:
            ip = ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in trusted)

    if peer is None or not trusted or not is_trusted(peer):
        return peer
    hops = [hop.strip() for header in forwarded_for for hop in header.split(",")]
    client = peer
    for hop in reversed(hops):
        try:
            ip_address(hop)
        except ValueError:
            break  # not an address: the hop before it is the last one we can vouch for
        client = hop
        if not is_trusted(hop):
            break
    return client
