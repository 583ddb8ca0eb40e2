"""Ways out of the page for a generated message: mailto link, .eml and .txt files."""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.policy import SMTP
from urllib.parse import quote


def mailto(subject: str, body: str) -> str:
    """A ``mailto:`` URL (RFC 6068) that opens the mail program with subject and body."""
    crlf_body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    params = []
    if subject:
        params.append("subject=" + quote(subject, safe=""))
    params.append("body=" + quote(crlf_body, safe=""))
    return "mailto:?" + "&".join(params)


def eml(subject: str, body: str) -> str:
    """An unsent draft as an RFC 5322 message (UTF-8, quoted-printable where needed)."""
    # Long lines are allowed (998, RFC 5322): folding a subject can change its
    # spaces when it is read back, so the draft would differ from the page.
    message = EmailMessage(policy=SMTP.clone(max_line_length=998))
    if subject:
        message["Subject"] = subject
    message["X-Unsent"] = "1"
    message.set_content(body, charset="utf-8")
    return message.as_string()


def filename(title: str, extension: str) -> str:
    """A safe ASCII file name for a download, from the output's title."""
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
    stem = re.sub(r"[^A-Za-z0-9]+", "-", title.translate(table)).strip("-").lower()[:60] or "message"
    return f"{stem}.{extension}"
