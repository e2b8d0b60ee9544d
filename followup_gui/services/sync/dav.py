"""Talking to a CalDAV/CardDAV server: discovery, listing, conditional writes.

The ``caldav`` library does the protocol (principal, calendar-home-set, calendars,
MKCALENDAR, PROPFIND, its HTTP client and authentication). It knows no CardDAV,
so the address-book home and the address books are found with its PROPFIND and
its XML element builder. Every failure becomes one :class:`SyncError` a user
understands (unreachable, login refused, certificate, a reply that cannot be read).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import unquote, urljoin, urlsplit

from followup_gui.services.sync.account import (
    LoginRefusedError,
    SyncAccount,
    SyncError,
    check_url,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

CARDDAV = "urn:ietf:params:xml:ns:carddav"
#: Seconds a request may take before the server counts as unreachable.
TIMEOUT = 30
CALENDAR_NAME = "FollowUp"


@dataclass(frozen=True, slots=True)
class Collection:
    """A calendar or an address book on the server.

    Attributes:
        url: its address.
        name: its display name.
        components: what a calendar takes (``VTODO``, ``VEVENT``); empty for an address book.
    """

    url: str
    name: str
    components: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Discovery:
    """What the server offers this user."""

    principal_url: str
    calendars: tuple[Collection, ...]
    address_books: tuple[Collection, ...]


@dataclass(frozen=True, slots=True)
class Resource:
    """One item of a collection: where it is and its entity tag."""

    href: str
    etag: str


@contextmanager
def plain_errors(what: str) -> Iterator[None]:
    """Turn the library's and the network's exceptions into one :class:`SyncError`.

    Args:
        what: what was being done, for the message ("listing the calendar").
    """
    from caldav.lib import error
    from caldav.lib.http_sync import requests as http
    from lxml.etree import XMLSyntaxError

    try:
        yield
    except error.AuthorizationError as exc:
        raise LoginRefusedError(
            f"The server refused the login while {what}: check the user and the password "
            "(an app password for iCloud, Fastmail, Google)."
        ) from exc
    except http.exceptions.SSLError as exc:
        raise SyncError(
            f"The server's certificate is not valid for its name while {what}."
        ) from exc
    except (http.exceptions.ConnectionError, http.exceptions.Timeout) as exc:
        raise SyncError(
            f"Cannot reach the server while {what}; nothing was lost, FollowUp tries again later."
        ) from exc
    except (error.DAVError, XMLSyntaxError, http.exceptions.RequestException) as exc:
        raise SyncError(f"The server answered something FollowUp cannot read while {what}.") from (
            exc
        )
    except (ValueError, KeyError, IndexError, AttributeError) as exc:
        # A reply missing what the protocol promises (the library fails on it this way).
        log.warning("malformed server reply while %s: %r", what, exc)
        raise SyncError(f"The server answered something FollowUp cannot read while {what}.") from (
            exc
        )


class Server:
    """A logged-in connection to the account's server."""

    def __init__(self, account: SyncAccount, password: str) -> None:
        from caldav.davclient import DAVClient

        self.account = account
        # The library's own annotations are partial: used as a plain object here.
        self.client: Any = DAVClient(
            check_url(account.url),
            username=account.user,
            password=password,
            timeout=TIMEOUT,
            enable_rfc6764=False,
        )

    def close(self) -> None:
        """Release the HTTP connections."""
        self.client.close()

    def call(self, what: str, action: Callable[[], T]) -> T:
        """Run ``action`` with the library's errors turned into a :class:`SyncError`."""
        with plain_errors(what):
            return action()

    # -- discovery ---------------------------------------------------------------

    def discover(self) -> Discovery:
        """Find the user's calendars and address books (well-known URL, principal, homes).

        Raises:
            SyncError: no CalDAV service there, or any failure of :func:`plain_errors`.
        """
        with plain_errors("looking for your calendars"):
            principal = self._principal()
            calendars = tuple(
                Collection(str(c.url), c.get_display_name() or str(c.url), _components(c))
                for c in principal.get_calendars()
            )
            books = self._address_books(str(principal.url))
        return Discovery(str(principal.url), calendars, books)

    def _principal(self) -> Any:
        from caldav.lib import error

        try:
            return self.client.principal()
        except error.AuthorizationError:
            raise
        except error.DAVError:
            root = urljoin(str(self.client.url), "/.well-known/caldav")
            log.info("no principal at the URL; trying %s", root)
            self.client.url = self.client.url.join(root)
            return self.client.principal()

    def _address_books(self, principal_url: str) -> tuple[Collection, ...]:
        homes = self._hrefs(principal_url, "addressbook-home-set")
        if not homes:
            well_known = urljoin(principal_url, "/.well-known/carddav")
            try:
                homes = self._hrefs(self._principal_at(well_known), "addressbook-home-set")
            except SyncError:
                return ()
        books: list[Collection] = []
        for home in homes:
            response = self.client.propfind(
                home, _propfind_body([("DAV:", "resourcetype"), ("DAV:", "displayname")]), 1
            )
            for result in response.results or ():
                kind = str(result.properties.get("{DAV:}resourcetype", ""))
                if "addressbook" not in kind:
                    continue
                url = urljoin(home, result.href)
                name = result.properties.get("{DAV:}displayname") or url
                books.append(Collection(url, str(name)))
        return tuple(books)

    def _principal_at(self, url: str) -> str:
        found = self._hrefs(url, "current-user-principal", namespace="DAV:")
        if not found:
            raise SyncError("No CardDAV service there.")
        return found[0]

    def _hrefs(self, url: str, name: str, namespace: str = CARDDAV) -> list[str]:
        from lxml import etree

        response = self.client.propfind(url, _propfind_body([(namespace, name)]), 0)
        if response.status not in (200, 207):
            return []
        tag = f"{{{namespace}}}{name}"
        return [
            urljoin(url, href.text.strip())
            for element in response.tree.iter(tag)
            for href in element.iter(etree.QName("DAV:", "href").text)
            if href.text
        ]

    def make_calendar(self, name: str = CALENDAR_NAME) -> Collection:
        """Create a calendar (to-dos and events) named ``name`` in the user's home."""
        with plain_errors("creating the calendar"):
            principal = self._principal()
            made = principal.make_calendar(
                name=name, supported_calendar_component_set=["VTODO", "VEVENT"]
            )
            return Collection(str(made.url), name, _components(made))

    # -- items -------------------------------------------------------------------

    def list(self, collection: str) -> dict[str, Resource]:
        """Every item of ``collection`` with its entity tag, by :func:`href_key` (one PROPFIND)."""
        with plain_errors("listing the server's items"):
            response = self.client.propfind(collection, props=["getetag"], depth=1)
            if response.status not in (200, 207):
                raise SyncError(f"The server did not list {collection} ({response.status}).")
            own = urlsplit(collection).path.rstrip("/")
            out: dict[str, Resource] = {}
            for result in response.results or ():
                path = urlsplit(urljoin(collection, result.href)).path
                if path.rstrip("/") == own:
                    continue
                etag = result.properties.get("{DAV:}getetag") or ""
                out[href_key(path)] = Resource(path, str(etag))
            return out

    def get(self, href: str) -> tuple[bytes, str] | None:
        """An item's content and entity tag, or ``None`` when it is gone."""
        with plain_errors("reading an item"):
            response = self.client.request(self._url(href), "GET")
            if response.status == 404:
                return None
            if response.status != 200:
                raise SyncError(f"The server did not give {href} ({response.status}).")
            return bytes(response._raw), str(response.headers.get("ETag") or "")

    def put(self, href: str, body: bytes, content_type: str, etag: str | None) -> str | None:
        """Write an item: a new one (``etag`` None: only if none is there), else only over ``etag``.

        Returns:
            The new entity tag ("" when the server gives none), or ``None`` on 412
            Precondition Failed (someone else wrote there first; nothing was written).
        """
        headers = {"Content-Type": f"{content_type}; charset=utf-8"}
        headers["If-None-Match" if etag is None else "If-Match"] = etag or "*"
        with plain_errors("writing an item"):
            response = self.client.put(self._url(href), body.decode("utf-8"), headers)
            if response.status == 412:
                return None
            if response.status not in (200, 201, 204):
                raise SyncError(f"The server refused to store {href} ({response.status}).")
            return str(response.headers.get("ETag") or "")

    def delete(self, href: str, etag: str) -> bool:
        """Delete an item if it is still as FollowUp last saw it.

        Returns:
            False on 412 (changed on the server since); True when it is gone.
        """
        with plain_errors("removing an item"):
            response = self.client.delete(self._url(href), {"If-Match": etag} if etag else {})
            if response.status == 412:
                return False
            if response.status not in (200, 204, 404):
                raise SyncError(f"The server refused to remove {href} ({response.status}).")
            return True

    def _url(self, href: str) -> str:
        return urljoin(str(self.client.url), href)


def href_key(href: str) -> str:
    """An item's path as a key: servers spell ``@`` as is or as ``%40``."""
    return unquote(urlsplit(href).path)


def _components(calendar: Any) -> tuple[str, ...]:
    try:
        return tuple(str(c) for c in calendar.get_supported_components())
    except Exception:  # a keyring or server that cannot say: treated as "nothing"
        return ("VEVENT", "VTODO")


def _propfind_body(props: list[tuple[str, str]]) -> str:
    """A PROPFIND body for properties the library has no names for (CardDAV's)."""
    from caldav.elements import dav
    from caldav.elements.base import BaseElement
    from lxml import etree

    elements = []
    for namespace, name in props:
        element = BaseElement()
        element.tag = etree.QName(namespace, name).text  # type: ignore[misc]
        elements.append(element)
    body = dav.Propfind() + (dav.Prop() + elements)
    return str(etree.tostring(body.xmlelement(), encoding="utf-8", xml_declaration=True).decode())
