"""
A turn's speaker must be a participant of the turn's own interview.

Django has no composite foreign keys, so the rule is added in SQL: a composite
foreign key on PostgreSQL, triggers on SQLite (which cannot add a constraint to
an existing table). tests/articles/test_models.py proves it holds on both.
"""

from django.db import migrations

PG_FORWARD = """
ALTER TABLE articles_turn
    ADD CONSTRAINT turn_participant_same_interview
    FOREIGN KEY (interview_id, participant_id)
    REFERENCES articles_participant (interview_id, id);
"""
PG_BACKWARD = "ALTER TABLE articles_turn DROP CONSTRAINT turn_participant_same_interview;"

SQLITE_CHECK = """
CREATE TRIGGER turn_participant_same_interview_{event}
BEFORE {event} ON articles_turn
FOR EACH ROW
WHEN (SELECT interview_id FROM articles_participant WHERE id = NEW.participant_id)
     IS NOT NEW.interview_id
BEGIN
    SELECT RAISE(ABORT, 'turn_participant_same_interview: the participant belongs to another interview');
END;
"""


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        for event in ("INSERT", "UPDATE"):
            schema_editor.execute(SQLITE_CHECK.format(event=event))


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        for event in ("INSERT", "UPDATE"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS turn_participant_same_interview_{event}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
