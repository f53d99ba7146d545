"""
`manage.py import_story FILE [FILE ...]`: draft stories from the plain text of news pages.

Parsing lives in articles/importing/story_import.py (pure, tested on sample texts), saving in
articles.importing.services.create_imported_story. Each file is its own transaction: a file
that fails leaves nothing behind and the others still import. With --strict a file that
lacks any part of a page (headline, date, byline, dateline, transcript) fails, and one
failure saves nothing at all. docs/importing.md shows an example.
"""

import json as jsonlib
from dataclasses import replace
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from articles.editions import registry as editions
from articles.importing.services import create_imported_story
from articles.importing.story_import import StoryImportError, decode, parse_story
from articles.models import Section


class Command(BaseCommand):
    help = (
        "Make draft stories from the plain text of news pages: headline, date, byline, "
        "dateline, body and interview transcript; page furniture and comment sections "
        "are left out. Exits non-zero when any file failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be made, and save nothing.",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print a JSON summary of every file on standard output.",
        )
        parser.add_argument(
            "--section",
            metavar="SLUG",
            help="Section of the new stories whose text names none (default: the first "
            "section of their edition).",
        )
        parser.add_argument(
            "--edition",
            metavar="CODE",
            help="Edition of the stories whose text names none, and where --section is "
            "looked up (default: the section's edition, else the default edition).",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Fail any file whose headline, date, byline, dateline or transcript is "
            "not found; if any file fails, save none.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the stories at their date (now, if they have none) "
            "instead of leaving drafts.",
        )

    def handle(self, *args, **options):
        files, dry_run, as_json = options["files"], options["dry_run"], options["json"]
        publish, verbosity, strict = options["publish"], options["verbosity"], options["strict"]
        self.edition = edition = self.get_edition(options["edition"])
        section = self.get_section(options["section"], edition)
        show_progress = verbosity > 0 and len(files) > 1

        def report(result, *, rolled_back=False):
            if "error" in result:
                error = result["error"]
                where = f"{result['file']}:{error['line']}" if error["line"] else result["file"]
                self.stderr.write(f"{where}: {error['reason']}")
            elif not as_json and verbosity > 0:
                self.stdout.write(self.describe(result, dry_run=dry_run or rolled_back))

        if strict:
            results = self.import_strictly(
                files, section=section, dry_run=dry_run, publish=publish, progress=show_progress
            )
            for result in results:
                report(result, rolled_back=strict_failed(results))
        else:
            results = []
            for index, name in enumerate(files, start=1):
                if show_progress:
                    self.stderr.write(f"[{index}/{len(files)}] {name}", style_func=str)
                result = self.import_file(name, section=section, dry_run=dry_run, publish=publish)
                results.append(result)
                report(result)

        failed = sum("error" in result for result in results)
        if as_json:
            summary = {
                "dry_run": dry_run,
                "strict": strict,
                "imported": 0 if strict and failed else len(results) - failed,
                "failed": failed,
                "files": results,
            }
            self.stdout.write(jsonlib.dumps(summary, indent=2, ensure_ascii=False))
        elif (dry_run or (strict and failed)) and verbosity > 0:
            self.stdout.write("Dry run: nothing was saved." if dry_run else "Nothing was saved.")
        if failed and strict:
            raise CommandError(
                f"{failed} of {len(files)} files failed with --strict (see above); nothing "
                "was saved."
            )
        if failed:
            raise CommandError(
                f"{failed} of {len(files)} files failed (see above); nothing was saved from them."
            )

    def import_strictly(self, files, *, section, dry_run, publish, progress):
        """
        Every file, all or nothing: a file fails if it cannot be read or parsed, or
        lacks a part of the page; then nothing is saved, from any file.
        """
        stories, results = {}, []
        for index, name in enumerate(files, start=1):
            if progress:
                self.stderr.write(f"[{index}/{len(files)}] {name}", style_func=str)
            try:
                story = parse_story(decode(Path(name).read_bytes()))
            except OSError as error:
                results.append(_failure(name, None, _unreadable(error)))
                continue
            except StoryImportError as error:
                results.append(_failure(name, error.line, error.reason))
                continue
            if story.missing:
                results.append(
                    _failure(
                        name,
                        None,
                        f"--strict: {_not_found(story)} (found: "
                        f"{', '.join(p for p, ok in story.found.items() if ok) or 'nothing'}).",
                    )
                )
                continue
            stories[name] = story
            results.append({"file": name})
        with transaction.atomic():
            for position, result in enumerate(results):
                if "error" in result:
                    continue
                name = result["file"]
                try:
                    with transaction.atomic():
                        article, new_authors = create_imported_story(
                            story=with_edition(stories[name], self.edition),
                            section=section,
                            publish=publish,
                        )
                        results[position] = _summary(
                            name,
                            stories[name],
                            article,
                            new_authors,
                            dry_run=dry_run or strict_failed(results),
                        )
                except ValidationError as error:
                    results[position] = _failure(name, None, " ".join(error.messages))
                except DatabaseError as error:
                    results[position] = _failure(
                        name, None, f"the database refused the story ({error})."
                    )
            if dry_run or strict_failed(results):
                transaction.set_rollback(True)
                for result in results:
                    result.update({"id": None} if "id" in result else {})
        return results

    def get_edition(self, code):
        if code and code not in editions.codes():
            raise CommandError(f'No edition "{code}". Editions: {", ".join(editions.codes())}.')
        return code or ""

    def get_section(self, slug, edition):
        """
        The section --section names (in --edition, if given), or None: then each story
        goes to the section its text names, else to the first of its edition's.
        """
        if not Section.objects.exists():
            raise CommandError("There is no section yet: add one in the admin, then import.")
        if not slug:
            return None
        sections = Section.objects.filter(slug=slug)
        if edition:
            sections = sections.filter(edition=edition)
        found = list(sections[:2])
        if len(found) == 1:
            return found[0]
        if found:
            raise CommandError(
                f'There is a section "{slug}" in several editions: say which with --edition.'
            )
        known = Section.objects.filter(edition=edition) if edition else Section.objects.all()
        known = ", ".join(known.values_list("slug", flat=True)) or "none yet"
        raise CommandError(f'No section "{slug}". Sections: {known}.')

    def import_file(self, name, *, section, dry_run, publish):
        """One file, in its own transaction: a summary dict, with "error" if it failed."""
        try:
            story = parse_story(decode(Path(name).read_bytes()))
            with transaction.atomic():
                article, new_authors = create_imported_story(
                    story=with_edition(story, self.edition), section=section, publish=publish
                )
                result = _summary(name, story, article, new_authors, dry_run=dry_run)
                if dry_run:
                    transaction.set_rollback(True)
        except OSError as error:
            return _failure(name, None, _unreadable(error))
        except StoryImportError as error:
            return _failure(name, error.line, error.reason)
        except ValidationError as error:
            return _failure(name, None, " ".join(error.messages))
        except DatabaseError as error:
            return _failure(name, None, f"the database refused the story ({error}).")
        return result

    def describe(self, result, *, dry_run):
        """A few lines a person reads: what was (or would be) made from one file."""
        verb = "would make" if dry_run else "made"
        what = result["status"] + ("" if dry_run else f" #{result['id']}")
        lines = [f'{result["file"]}: {verb} {what} "{result["headline"]}"']
        authors = ", ".join(
            " ".join(filter(None, [a["name"], a["handle"], "(new author)" if a["new"] else ""]))
            for a in result["authors"]
        )
        when = result["date"] or "none"
        if result["time"]:
            when += f" {result['time']}"
        facts = [
            f"date {when}",
            f"by {authors or 'nobody'}",
            f"dateline {result['dateline'] or 'none'}",
            f"{result['paragraphs']} paragraph{'' if result['paragraphs'] == 1 else 's'}",
        ]
        if result["turns"]:
            speakers = ", ".join(p["label"] for p in result["participants"])
            facts.append(f"{len(result['turns'])} turns by {speakers}")
        lines.append("  " + "; ".join(facts))
        found = [part for part, ok in result["found"].items() if ok]
        lines.append(
            "  found: "
            + (", ".join(found) or "nothing")
            + (f"; not found: {', '.join(result['missing'])}" if result["missing"] else "")
        )
        if result["furniture_lines"]:
            lines.append(
                f"  left out as page furniture: lines {_ranges(result['furniture_lines'])}"
            )
        links = [f"edition {result['edition']}, section {result['section']}"]
        if result["translation_of"]:
            links.append(f"translation of {result['translation_of']}")
        if result["counterparts"]:
            links.append(f"counterparts: {', '.join(result['counterparts'])}")
        lines.append("  " + "; ".join(links))
        lines.extend(f"  warning: {warning}" for warning in result["warnings"])
        return "\n".join(lines)


def with_edition(story, edition):
    """The story in ``edition`` when its text names none (--edition)."""
    return replace(story, edition=edition) if edition and not story.edition else story


def strict_failed(results):
    return any("error" in result for result in results)


def _unreadable(error):
    return f"cannot read the file ({error.strerror or error})."


def _not_found(story):
    return "no " + ", no ".join(story.missing) + " found"


def _failure(name, line, reason):
    return {"file": name, "error": {"line": line, "reason": reason}}


def _summary(name, story, article, new_authors, *, dry_run):
    new = {author.pk for author in new_authors}
    bylines = article.bylines.select_related("author").order_by("position")
    return {
        "file": name,
        "id": None if dry_run else article.pk,
        "status": article.status,
        "headline": article.headline,
        "slug": article.slug,
        "edition": article.edition,
        "section": article.section.slug,
        "counterparts": [a.slug for a in article.counterparts()],
        "translation_of": article.translation_of.slug if article.translation_of else None,
        "date": story.date.isoformat() if story.date else None,
        "time": story.time.isoformat(timespec="minutes") if story.time else None,
        "published_at": story.published_at.isoformat() if story.published_at else None,
        "authors": [
            {"name": b.author.name, "handle": b.author.handle, "new": b.author.pk in new}
            for b in bylines
        ],
        "dateline": story.dateline,
        "paragraphs": len(story.paragraphs),
        "intro": story.intro,
        "participants": [
            {"name": s.name, "label": s.label, "is_interviewer": s.is_interviewer}
            for s in story.speakers
        ],
        "turns": [
            {"speaker": turn.speaker.label, "text": turn.text, "timecode": turn.timecode}
            for turn in (story.transcript.turns if story.transcript else ())
        ],
        "found": story.found,
        "missing": story.missing,
        "transcript_style": story.transcript.description if story.transcript else "",
        "warnings": list(story.warnings),
        "furniture_lines": list(story.furniture_lines),
    }


def _ranges(numbers):
    """[1, 3, 4, 5, 9] -> "1, 3-5, 9"."""
    spans = []
    for number in numbers:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)
