"""
Compiles the translation catalogs into the .mo files Django reads, with Babel: no GNU
gettext tools needed. The catalogs are the project's (locale/<language>/LC_MESSAGES/) and
Django's own strings in languages Django does not ship (newsroom/locale/). The .mo files
are build output (not committed); `make` targets and the test suite run this first, and
it rewrites only catalogs whose .po is newer than their .mo.

    python -m newsroom.catalogs
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LOCALE_DIRS = (LOCALE_DIR, Path(__file__).resolve().parent / "locale")


def compile_catalogs(locale_dirs=LOCALE_DIRS, *, force=False):
    """Compile every stale catalog; returns the .mo paths written."""
    written = []
    po_paths = [path for folder in locale_dirs for path in folder.glob("*/LC_MESSAGES/*.po")]
    for po_path in sorted(po_paths):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        # Fuzzy entries are translations a translator has not confirmed: left out, as
        # msgfmt leaves them out, so readers see English rather than a doubtful guess.
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_catalogs():
        print(f"compiled {path.relative_to(LOCALE_DIR.parent)}")
