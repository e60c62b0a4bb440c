"""Guarded HTTP fetching: public addresses only, pinned against DNS rebinding, capped in time, size and type.

Each hop (the URL and every redirect) is resolved once; every address it resolves to must be public unless the
source allows local addresses, and the request then connects to that checked address (Host header and TLS SNI
keep the real name, so certificates are still verified against it). A later DNS answer cannot swap the address.
Proxies from the environment are ignored for the same reason.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from geokg.graph.errors import InvalidInput
from geokg.ingest.sources.config import FetchPolicy

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")
PAGE_TYPES = ("text/html", "application/xhtml+xml")
REDIRECTS = {301, 302, 303, 307, 308}
METADATA_IPS = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"),
                ipaddress.ip_address("100.100.100.200")}
Resolver = Callable[[str, int], list[str]]


class FetchError(InvalidInput):
    """A URL that could not be fetched, and why; transient ones are worth retrying."""

    def __init__(self, url: str, problem: str, transient: bool = False) -> None:
        super().__init__(f"{url}: {problem}")
        self.transient = transient


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body (or a 304), the URL it finally came from and its cache validators."""

    url: str
    status: int
    content_type: str = ""  # the media type, without parameters
    body: bytes = b""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """The server said the copy we have is current (304)."""
        return self.status == 304


LOCAL_PROBLEMS = {"loopback", "private"}  # what allow_local allows; link-local and metadata never
NAT64_PREFIXES = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def embedded_v4(addr: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one wraps (mapped, compatible, 6to4, NAT64, Teredo client), if any."""
    if addr.ipv4_mapped:
        return addr.ipv4_mapped
    if addr.sixtofour:
        return addr.sixtofour
    if addr.teredo:
        return addr.teredo[1]
    low = ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    if any(addr in net for net in NAT64_PREFIXES):
        return low
    if int(addr) >> 32 == 0 and int(low) > 1:  # IPv4-compatible ::a.b.c.d (not :: or ::1)
        return low
    return None


def address_problem(ip: str) -> str | None:
    """Why this address must not be fetched from ("loopback", "private", ...), or None for a public one.

    An IPv6 address that wraps an IPv4 one is judged by the IPv4 address it reaches.
    """
    addr = ipaddress.ip_address(ip)
    if isinstance(addr, ipaddress.IPv6Address):
        if addr.scope_id:
            addr = ipaddress.ip_address(ip.split("%")[0])
        addr = embedded_v4(addr) or addr
    if addr in METADATA_IPS:
        return "cloud metadata"
    checks = (("loopback", addr.is_loopback), ("link-local", addr.is_link_local), ("multicast", addr.is_multicast),
              ("unspecified", addr.is_unspecified), ("private", addr.is_private), ("reserved", addr.is_reserved))
    for name, hit in checks:
        if hit:
            return name
    return None if addr.is_global else "non-public"


def resolve(host: str, port: int) -> list[str]:
    """Every address the host name resolves to (an IP literal resolves to itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise FetchError(host, f"cannot resolve host name ({e.strerror or e})",
                         transient=e.errno == socket.EAI_AGAIN) from None
    except UnicodeError as e:
        raise FetchError(host, f"host name is not valid ({e})") from None
    return list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))


def checked_addresses(url: httpx.URL, policy: FetchPolicy, resolver: Resolver) -> list[str]:
    """The addresses to connect to for this URL, after refusing bad schemes and non-public addresses."""
    if url.scheme not in ("http", "https"):
        raise FetchError(str(url), f"scheme {url.scheme!r} refused: only http and https are fetched")
    if not url.host:
        raise FetchError(str(url), "URL has no host")
    try:
        ips = resolver(url.host, url.port or (443 if url.scheme == "https" else 80))
    except FetchError as e:  # say which URL needed the name
        raise FetchError(str(url), str(e), e.transient) from None
    if not ips:
        raise FetchError(str(url), f"host {url.host} has no address")
    for ip in ips:
        problem = address_problem(ip)
        if problem and not (policy.allow_local and problem in LOCAL_PROBLEMS):
            what = f"{ip} is" if ip == url.host else f"{url.host} resolves to {ip},"
            hint = (" (set options.allow_local = true for this source to allow it)" if problem in LOCAL_PROBLEMS
                    else ", never fetched")
            raise FetchError(str(url), f"refused: {what} a {problem} address{hint}")
    return ips


def media_type(response: httpx.Response) -> str:
    """The response's media type without parameters, lower case."""
    return response.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def read_capped(response: httpx.Response, url: str, policy: FetchPolicy, deadline: float) -> bytes:
    """The body, refused as soon as it passes the size cap or the total time limit."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise FetchError(url, f"body of {declared} bytes is over the {policy.max_bytes} byte limit")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > policy.max_bytes:
            raise FetchError(url, f"body is over the {policy.max_bytes} byte limit")
        if time.monotonic() > deadline:
            raise FetchError(url, f"timed out: no full answer within {policy.total_timeout:g} s", transient=True)
        chunks.append(chunk)
    return b"".join(chunks)


class Deadline:
    """A wall-clock limit over a whole request: when it passes, the connection's socket is shut down.

    httpx's read timeout restarts with every byte, so a server trickling its headers or body a byte at a time
    would hold a fetch forever; shutting the socket down ends any blocked read at once.
    """

    def __init__(self, at: float) -> None:
        self.at = at
        self.sockets: list[socket.socket] = []
        self.timer = threading.Timer(max(0.0, at - time.monotonic()), self.expire)
        self.timer.daemon = True

    def trace(self, event: str, info: dict) -> None:
        """httpcore trace hook: remember the socket of each new connection."""
        if event == "connection.connect_tcp.complete" and info.get("return_value") is not None:
            sock = info["return_value"].get_extra_info("socket")
            if sock is not None:
                self.sockets.append(sock)
                if self.passed:
                    self.expire()

    def expire(self) -> None:
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self.at

    def __enter__(self) -> Deadline:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()


def request_hop(client: httpx.Client, url: httpx.URL, ip: str, headers: dict, policy: FetchPolicy,
                deadline: Deadline) -> httpx.Response:
    """Send one GET to the checked address with the real host name in Host and SNI; the caller reads it."""
    remaining = max(0.01, deadline.at - time.monotonic())
    timeout = httpx.Timeout(remaining, connect=min(policy.connect_timeout, remaining))
    request = client.build_request("GET", url.copy_with(host=ip), timeout=timeout,
                                   headers={**headers, "Host": url.netloc.decode("ascii")},
                                   extensions={"sni_hostname": url.host, "trace": deadline.trace})
    return client.send(request, stream=True)


def open_hop(client: httpx.Client, url: httpx.URL, ips: list[str], headers: dict, policy: FetchPolicy,
             deadline: Deadline) -> httpx.Response:
    """The response from the first checked address that accepts the connection (localhost may be ::1 or 127.0.0.1)."""
    for ip in ips[:-1]:
        try:
            return request_hop(client, url, ip, headers, policy, deadline)
        except httpx.ConnectError:
            continue
    return request_hop(client, url, ips[-1], headers, policy, deadline)


def answer(response: httpx.Response, url: str, accept: Sequence[str], policy: FetchPolicy,
           deadline: float) -> Fetched:
    """A non-redirect response turned into a Fetched, or a FetchError saying what was wrong with it."""
    status = response.status_code
    if status == 304:
        return Fetched(url=url, status=304, etag=response.headers.get("etag"),
                       last_modified=response.headers.get("last-modified"))
    if status == 429 or status >= 500:
        raise FetchError(url, f"HTTP {status} {response.reason_phrase}".rstrip(), transient=True)
    if status >= 400 or status < 200:
        raise FetchError(url, f"HTTP {status} {response.reason_phrase}".rstrip())
    kind = media_type(response)
    if kind not in accept:
        raise FetchError(url, f"content type {kind or 'missing'!r} refused: expected one of {', '.join(accept)}")
    body = read_capped(response, url, policy, deadline)
    return Fetched(url=url, status=status, content_type=kind, body=body, charset=response.charset_encoding,
                   etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"))


def attempts(client: httpx.Client, url: str, accept: Sequence[str], headers: dict, policy: FetchPolicy,
             resolver: Resolver, deadline: Deadline, sleep: Callable[[float], None]) -> Fetched:
    """Attempts with exponential backoff until one succeeds, a failure is not transient, the retries are spent, or
    the next one could not start before the deadline (which then raises the last failure)."""
    attempt = 0
    while True:
        try:
            return follow(client, url, accept, headers, policy, resolver, deadline)
        except FetchError as e:
            wait = policy.backoff * 2**attempt
            if not e.transient or attempt >= policy.retries or time.monotonic() + wait >= deadline.at:
                raise
        sleep(wait)
        attempt += 1


def follow(client: httpx.Client, url: str, accept: Sequence[str], headers: dict, policy: FetchPolicy,
           resolver: Resolver, deadline: Deadline) -> Fetched:
    """One attempt: at most max_redirects redirects, every hop's address checked, all within the deadline."""
    current = httpx.URL(url)
    for _ in range(policy.max_redirects + 1):
        ips = checked_addresses(current, policy, resolver)
        try:
            with closing(open_hop(client, current, ips, headers, policy, deadline)) as response:
                if response.status_code not in REDIRECTS:
                    return answer(response, str(current), accept, policy, deadline.at)
                location = response.headers.get("location")
        except httpx.TimeoutException:
            raise FetchError(str(current), f"timed out (connect {policy.connect_timeout:g} s, "
                                           f"total {policy.total_timeout:g} s)", transient=True) from None
        except httpx.HTTPError as e:
            if deadline.passed:  # the deadline shut the socket: a timeout, whatever error the read saw
                raise FetchError(str(current), f"timed out: no full answer within {policy.total_timeout:g} s",
                                 transient=True) from None
            if not isinstance(e, httpx.ConnectError | httpx.RemoteProtocolError | httpx.ReadError):
                raise FetchError(str(current), f"HTTP error ({e})") from None
            raise FetchError(str(current), f"cannot connect ({e})", transient=True) from None
        if not location:
            raise FetchError(str(current), "redirect without a Location header")
        current = httpx.URL(urljoin(str(current), location))
    raise FetchError(url, f"more than {policy.max_redirects} redirects")


def fetch(url: str, accept: Sequence[str], policy: FetchPolicy, etag: str | None = None,
          last_modified: str | None = None, client: httpx.Client | None = None,
          resolver: Resolver = resolve, sleep: Callable[[float], None] = time.sleep) -> Fetched:
    """GET a URL under the policy, retrying transient failures with exponential backoff; raises FetchError.

    One deadline, `total_timeout` seconds, covers the whole fetch: every attempt, redirect and backoff pause.
    """
    headers = {"User-Agent": policy.user_agent, "Accept": ", ".join(accept) + ", */*;q=0.1"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    own = client is None
    client = client or new_client()
    try:
        with Deadline(time.monotonic() + policy.total_timeout) as deadline:
            return attempts(client, url, accept, headers, policy, resolver, deadline, sleep)
    finally:
        if own:
            client.close()


def new_client(transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """An httpx client that never follows redirects or proxies on its own (fetch checks each hop itself)."""
    return httpx.Client(follow_redirects=False, trust_env=False, transport=transport)
