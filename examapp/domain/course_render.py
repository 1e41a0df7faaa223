"""Showing loaded course modules: safe HTML from lesson Markdown, progress counts, lesson lookup.

This module owns what happens to a lesson after ``courses.load_courses`` has parsed and checked
it: ``render_markdown`` turns the body into HTML with only an allow-list of tags, attributes and
URL schemes surviving, and the progress helpers count finished lessons per module and overall.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

from .courses import LessonInfo, ModuleInfo

# Tags a lesson may produce; anything else (script, style, iframe, forms) is dropped.
ALLOWED_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "code", "pre",
    "blockquote", "a", "hr", "br", "img", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"style"},
    "td": {"style"},
    "ol": {"start"},
}
_MARKDOWN = MarkdownIt("commonmark").enable("table")


def render_markdown(text: str) -> str:
    """Markdown to HTML that is safe to insert into a page (raw HTML is sanitised away)."""
    html = _MARKDOWN.render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        # only the column alignment markdown-it writes for tables may survive in style
        filter_style_properties={"text-align"},
    )


def module_progress(module: ModuleInfo, done_slugs: set[str]) -> tuple[int, int]:
    """(lessons done, lessons in the module); slugs from other modules are ignored."""
    return sum(1 for le in module.lessons if le.slug in done_slugs), len(module.lessons)


def overall_progress(modules: list[ModuleInfo], done: set[tuple[str, str]]) -> tuple[int, int]:
    """(lessons done, lessons in all modules), where ``done`` holds (module_id, slug) pairs."""
    total = sum(len(m.lessons) for m in modules)
    count = sum(1 for m in modules for le in m.lessons if (m.id, le.slug) in done)
    return count, total


def find_lesson(modules: list[ModuleInfo], module_id: str, slug: str) -> LessonInfo | None:
    """The lesson with this module id and slug, or None."""
    for module in modules:
        if module.id == module_id:
            return next((le for le in module.lessons if le.slug == slug), None)
    return None
