"""Untrusted XML in: no DTD loading, no network, no entity expansion, and documents declaring entities refused."""

from __future__ import annotations

from lxml import etree

from ioc_stream.ingest.problems import Unreadable

_PARSER_OPTIONS = dict(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


def parse_xml(data: bytes) -> etree._Element:
    """The root element of `data`; raises Unreadable for malformed XML and for any entity declaration
    (billion laughs, external entities: hostile, refused before anything reads the tree)."""
    try:
        root = etree.fromstring(data, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        raise Unreadable(f"xml: {exc}") from None
    if root is None:
        raise Unreadable("xml: empty document")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise Unreadable("xml: entity declarations are refused (entity expansion or external entities)")
    return root


def local(tag: object) -> str:
    """An element's name without its namespace ("{http://www.iata.org/IATA/2007/00}FlightLeg" -> "FlightLeg")."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def text(el: etree._Element | None) -> str | None:
    """The stripped text of `el`, None when it is missing or blank."""
    if el is None or el.text is None:
        return None
    return el.text.strip() or None
