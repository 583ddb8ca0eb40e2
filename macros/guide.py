"""Render the article and our own pages in one locale from the catalogs."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from macros.article import Segment
from macros.catalogs import SOURCE_LANGUAGE, Layout, article_segments, translations
from macros.markdown_blocks import Block, translate_markdown
from worksheets.i18n import translator

# A block that is only a page title: "# Text", perhaps with an attribute list ("{ #id }").
_PAGE_TITLE = re.compile(r"# (?P<text>[^\n{]+?)(?: \{:? *(?P<attrs>[^}\n]*?) *\})?")


@dataclass
class Guide:
    """The guide's texts in every locale, loaded once per build."""

    layout: Layout
    _cache: dict[tuple[str, str], dict[tuple[str | None, str], str]] = field(default_factory=dict)

    def catalog(self, locale: str, domain: str) -> dict[tuple[str | None, str], str]:
        """The usable translations of one catalog (cached for the build)."""
        key = (locale, domain)
        if key not in self._cache:
            self._cache[key] = translations(self.layout.catalog(locale, domain))
        return self._cache[key]

    def segments(self) -> list[Segment]:
        """The segments of the source article."""
        return article_segments(self.layout)

    def segment_text(self, segment: Segment, locale: str) -> tuple[str, bool]:
        """The segment in ``locale`` and whether it is translated (else: German fallback)."""
        text = self.catalog(locale, "article").get((segment.id, segment.text))
        if text:
            return text, True
        german = self.catalog(SOURCE_LANGUAGE, "article").get((segment.id, segment.text), segment.text)
        return german, locale == SOURCE_LANGUAGE

    def fallback(self, markdown: str, locale: str) -> str:
        """Mark German text shown on a page of another locale: a block wrapped, the page's title on itself.

        MkDocs titles a page by an ``<h1>`` that comes first on it; wrapped in a
        ``<div>``, an untranslated title left the page named after its file.
        """
        _ = translator(locale)
        label = _("Not translated yet: shown in German.")
        title = _PAGE_TITLE.fullmatch(markdown.strip())
        if title:
            # attr_list values are plain text in double quotes: a quote inside becomes a typographic one.
            marks = f'.i18n-fallback lang="{SOURCE_LANGUAGE}" data-label="{label.replace('"', "”")}"'
            attributes = " ".join(filter(None, (title["attrs"], marks)))
            return f"# {title['text']} {{ {attributes} }}"
        return (
            f'<div class="i18n-fallback" lang="{SOURCE_LANGUAGE}" data-label="{html.escape(label, quote=True)}" '
            f"markdown>\n\n{markdown}\n\n</div>"
        )

    def article(self, locale: str) -> str:
        """The article as Markdown: title, lede, sections and paragraphs (no photo credit)."""
        parts: list[str] = []
        for segment in self.segments():
            if segment.kind == "credit":
                continue
            text, translated = self.segment_text(segment, locale)
            if segment.kind == "title":
                rendered = f"# {text}"
            elif segment.kind == "heading":
                rendered = f"## {text} {{ #{segment.section} }}"
            elif segment.kind == "lede":
                rendered = f'<p class="lede" markdown="span">{text}</p>'
            else:
                rendered = text
            parts.append(rendered if translated else self.fallback(rendered, locale))
        return "\n\n".join(parts)

    def segment(self, segment_id: str, locale: str) -> str:
        """One segment of the article in ``locale``."""
        for segment in self.segments():
            if segment.id == segment_id:
                text, translated = self.segment_text(segment, locale)
                return text if translated else self.fallback(text, locale)
        raise KeyError(f"{self.layout.relative(self.layout.article)}: no segment with id {segment_id!r}")

    def page(self, markdown: str, page: str, locale: str) -> str:
        """Our German page ``page`` (path below docs/) in ``locale``."""
        if locale == SOURCE_LANGUAGE:
            return markdown
        catalog = self.catalog(locale, "pages")

        def translate(block: Block) -> str:
            text = catalog.get((page, block.text))
            return text if text else self.fallback(block.text, locale)

        return translate_markdown(markdown, translate)


def default_guide(root: Path) -> Guide:
    """The guide of the project at ``root``."""
    return Guide(Layout(root))
