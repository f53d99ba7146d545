"""`manage.py comment_privacy export|erase --email ADDRESS`: a privacy request from the shell."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from comments.privacy import services
from comments.privacy.models import ErasureRecord


class Command(BaseCommand):
    help = (
        "Export (JSON, to standard output or --output) or erase everything held about "
        "one commenter's email address."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("--email", required=True, help="The commenter's address.")
        parser.add_argument("--output", help="export: write the JSON to this file.")
        parser.add_argument(
            "--yes", action="store_true", help="erase: do not ask for confirmation."
        )

    def handle(self, *args, action, email, output=None, yes=False, **options):
        email = email.strip()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"Not an email address: {email!r}") from None
        if action == "export":
            data = services.export_json(email=email)
            if output:
                with open(output, "w", encoding="utf-8") as file:
                    file.write(data)
                self.stderr.write(f"Written to {output}.")
            else:
                self.stdout.write(data)
            return
        found = services.comments_of(email).count()
        if not yes:
            answer = input(f"Erase {found} comment(s) sent with this address? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was erased.")
        erasure = services.erase_personal_data(email=email, source=ErasureRecord.Source.COMMAND)
        record = erasure.record
        self.stdout.write(
            f"Erased: {record.comments_erased} comment(s) left as tombstones, "
            f"{record.comments_deleted} pending comment(s) deleted."
            + (" This address had been erased before." if erasure.repeat else "")
        )
