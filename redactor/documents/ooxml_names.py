"""Namespaces, content types and relationship types of a Word package (OOXML)."""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
EP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
XML_NS = "http://www.w3.org/XML/1998/namespace"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
CX_NS = "http://schemas.microsoft.com/office/drawing/2014/chartex"


def w(local: str) -> str:
    """Clark name of a WordprocessingML element or attribute: w("t") -> "{...main}t"."""
    return f"{{{W_NS}}}{local}"


def local_name(tag: object) -> str:
    """The local part of a Clark name; "" for comments and processing instructions."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace(tag: object) -> str:
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    return tag[1:].split("}", 1)[0]


WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
MAIN_DOCX = WML + "document.main+xml"
MAIN_TYPES = frozenset(
    {
        MAIN_DOCX,
        WML + "template.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    }
)
STORY_TYPES = {
    WML + "header+xml": "header",
    WML + "footer+xml": "footer",
    WML + "footnotes+xml": "footnotes",
    WML + "endnotes+xml": "endnotes",
}
# Parts kept as they are: no text a reader of the letter sees lives in them.
PLAIN_TYPES = frozenset(
    {
        WML + "styles+xml",
        WML + "numbering+xml",
        WML + "fontTable+xml",
        WML + "webSettings+xml",
        "application/vnd.ms-word.stylesWithEffects+xml",
        "application/vnd.openxmlformats-officedocument.theme+xml",
        "application/vnd.openxmlformats-officedocument.obfuscatedFont",
        "application/vnd.openxmlformats-package.relationships+xml",
    }
)
# Charts and the shapes drawn over them: read as a place of their own, redacted in place.
CHART_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
        "application/vnd.openxmlformats-officedocument.drawingml.chartshapes+xml",
        "application/vnd.ms-office.chartex+xml",
    }
)
SETTINGS_TYPE = WML + "settings+xml"
CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
APP_TYPE = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
COMMENT_TYPES = frozenset(
    {
        WML + "comments+xml",
        WML + "commentsExtended+xml",
        WML + "commentsIds+xml",
        WML + "commentsExtensible+xml",
        WML + "people+xml",
    }
)
GLOSSARY_TYPE = WML + "document.glossary+xml"
RASTER_TYPES = frozenset(
    {
        "image/png",
        "image/jpeg",
        "image/jpg",
        "image/gif",
        "image/bmp",
        "image/tiff",
        "image/x-emf",
        "image/x-wmf",
        "image/x-icon",
        "image/vnd.ms-photo",
    }
)

REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
REL_OFFICE_DOCUMENT = REL_BASE + "officeDocument"
REL_HYPERLINK = REL_BASE + "hyperlink"
REL_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
