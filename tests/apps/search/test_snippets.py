"""Snippets on the real synced data: a page's text as plain paragraphs, never its heading glued to its body."""

import re

import pytest

from apps.search.models import DocumentType, SearchDocument
from apps.search.services import search
from cms.models import ChapterPage

pytestmark = pytest.mark.django_db


def test_a_chapter_snippet_starts_with_its_text_not_its_title_glued_to_it(synced_owasp, backend):
    london = ChapterPage.objects.get(owasp_key="www-chapter-london")
    assert london.description.startswith("<h2") and "OWASP London</h2><p" in london.description  # the real text

    hit = next(hit for hit in search("london", types=["chapter"]).hits if hit.key == "london")

    assert hit.snippet.startswith("Welcome to the OWASP London chapter homepage.")
    document = SearchDocument.objects.get(type=DocumentType.CHAPTER, object_id=london.pk)
    assert "LondonWelcome" not in document.snippet
    assert "londonwelcome" not in document.body_folded.split()  # the body's words are apart too
    assert "welcome" in document.body_folded.split()


def test_no_page_snippet_runs_its_title_into_its_body(synced_owasp):
    pages = SearchDocument.objects.filter(type__in=[DocumentType.PROJECT, DocumentType.CHAPTER, DocumentType.EVENT])
    pages = pages.exclude(snippet="").values_list("title", "snippet")

    glued = [(title, snippet[:60]) for title, snippet in pages if re.match(re.escape(title) + r"[^\W\d_]", snippet)]
    repeated = [title for title, snippet in pages if snippet == title]

    assert len(pages) > 250  # the pages with a text of their own (a pitch or a description beyond its heading)
    assert glued == []
    assert repeated == []
