"""A4 PDF from dagov's HTML page, through WeasyPrint (the optional extra `dagov[pdf]`).

WeasyPrint lays out CSS paged media itself (the page's margin boxes carry the marking,
the reference and "Page n of m"), so the PDF is the HTML page as printed. It never
fetches anything: the page is self-contained, and any URL in it is refused.
"""

from __future__ import annotations

from dagov.errors import DagovError

INSTALL = ("PDF output needs WeasyPrint, which is not installed: pip install 'dagov[pdf]' "
           "(it also needs the Pango library: apt-get install libpango-1.0-0 libpangoft2-1.0-0; see docs/pdf.md)")


class PdfUnavailable(DagovError):
    """WeasyPrint (or a system library it needs) is missing; the message says what to install."""


def _no_fetching(url: str, *args, **kwargs):
    raise ValueError(f"dagov's PDF fetches nothing ({url[:60]})")


def _weasyprint():
    try:
        import weasyprint
    except ImportError:
        raise PdfUnavailable(INSTALL) from None
    except OSError as err:  # the module is there, a system library it loads is not
        raise PdfUnavailable(f"{INSTALL}; loading it failed: {err}") from None
    return weasyprint


def check_available() -> None:
    """Raise PdfUnavailable (saying what to install) unless a PDF can be made."""
    _weasyprint()


def html_to_pdf(html: str) -> bytes:
    """The PDF of a whole HTML page made by `dagov.render.html.page`."""
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=_no_fetching)
    return document.write_pdf()
