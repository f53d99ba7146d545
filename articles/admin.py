"""The admin pages of each concept, registered when Django looks for articles.admin."""

from .editions import admin as editions_admin  # noqa: F401
from .editorial import admin as editorial_admin  # noqa: F401
from .frontpage import admin as frontpage_admin  # noqa: F401
from .interviews import admin as interviews_admin  # noqa: F401
