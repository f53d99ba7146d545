from django.dispatch import Signal

# Sent with ``article_id`` by code that changes a story's parts with Django's bulk
# operations (bulk_create, bulk_update, QuerySet.update), which send no post_save:
# the handlers of derived data (articles/handlers.py) then treat the story as saved.
story_changed = Signal()
