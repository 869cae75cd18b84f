"""Public pages that are not Wagtail pages. Thin: each calls a selector and renders a template."""
