"""The Content-Security-Policy of every page: only the site itself, plus the page's own inline scripts by hash.

A ``<meta>`` policy, because a static host may not let us set headers; the
``_headers`` file for hosts that read one (``macros/deploy_headers.py``)
repeats it from ``CSP``.
"""

from __future__ import annotations

import base64
import hashlib

from macros.plugin.html_edits import at_head_start, inline_scripts

CSP = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'"
)


def content_security_policy(html: str) -> str:
    """A policy that allows only the site itself, plus the page's own inline scripts by hash."""
    hashes = sorted(
        {
            "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
            for body in inline_scripts(html)
        }
    )
    return CSP.format(hashes=" ".join(hashes))


def with_csp(html: str) -> str:
    """The page with its policy as the first element of ``<head>`` (before any script)."""
    return at_head_start(html, f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(html)}">')
