"""
The read-only public JSON API under /api/v1/ (docs/api.md).

It shows what readers may see and nothing else, starting from the same querysets as
the public pages (``Article.objects.published()``, ``Comment.objects.approved()``),
and its answers are cached and invalidated with the pages (newsroom.pagecache).
Nothing in articles/ or comments/ imports it.
"""
