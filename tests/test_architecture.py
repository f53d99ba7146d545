"""
The dependency rules of docs/architecture.md, read from the code itself: every
import (``import x``, ``from x import y``, at the top or inside a function,
relative ones resolved) of every module under articles/, comments/, newsroom/ and api/.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("articles", "comments", "newsroom", "api")
CONCEPTS = ("stories", "interviews", "media", "editorial", "discovery", "importing", "frontpage")


@dataclass(frozen=True)
class Import:
    path: str  # relative to the project, e.g. "articles/stories/models.py"
    line: int
    module: str  # the importing module, e.g. "articles.stories.models"
    target: str  # what it imports, e.g. "articles.editorial.workflow"


def module_name(path: str) -> str:
    parts = Path(path).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: str, source: str) -> list[Import]:
    """
    What a module imports, as absolute module names. ``from x import y`` counts as
    importing ``x`` and ``x.y`` (``y`` may be a submodule), so ``from articles.stories
    import views`` is seen as importing the views.
    """
    module = module_name(path)
    package = module if path.endswith("__init__.py") else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module
            targets = [origin] + [f"{origin}.{alias.name}" for alias in node.names]
        else:
            continue
        found += [Import(path, node.lineno, module, target) for target in targets]
    return found


def within(name: str, *prefixes: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


# The rules ---------------------------------------------------------------------------------
# Each takes one import and says what is wrong with it, or nothing.


def stories_stand_alone(imp: Import):
    if within(imp.module, "articles.stories"):
        forbidden = [f"articles.{c}" for c in CONCEPTS if c not in ("stories", "media")]
        if within(imp.target, *forbidden, "comments"):
            return "articles.stories imports no other concept (media aside) and not comments"


def nothing_imports_the_demo(imp: Import):
    if within(imp.target, "articles.importing.demo", "articles.importing.demo_content"):
        return "the demo is data, loaded from files by load_demo; no module imports it"


def comments_never_import_article_views(imp: Import):
    if within(imp.module, "comments") and within(imp.target, "articles"):
        if imp.target.split(".")[-1] == "views" or ".views." in imp.target:
            return "comments never import article views"


def nothing_imports_the_api(imp: Import):
    if within(imp.target, "api") and not within(imp.module, "api"):
        return "the API reads the apps; no app (and not newsroom) imports it"


def the_api_imports_no_views(imp: Import):
    if within(imp.module, "api") and within(imp.target, "articles", "comments"):
        if imp.target.split(".")[-1] == "views" or ".views." in imp.target:
            return "the API starts from querysets and services, never from the pages' views"


def apps_use_django_settings_and_reverse(imp: Import):
    if within(imp.module, "newsroom.settings", "newsroom.urls"):
        return None
    if within(imp.target, "newsroom.settings", "newsroom.urls"):
        return "use django.conf.settings and reverse(), never newsroom.settings or newsroom.urls"


def newsroom_knows_no_app(imp: Import):
    if within(imp.module, "newsroom") and not within(
        imp.module, "newsroom.settings", "newsroom.urls"
    ):
        if within(imp.target, "articles", "comments"):
            return "newsroom (settings and urls aside) imports neither articles nor comments"


def concept_models_import_only_stories_models(imp: Import):
    parts = imp.module.split(".")
    if len(parts) != 3 or parts[0] != "articles" or parts[2] != "models":
        return None
    own = f"articles.{parts[1]}"
    # The editions' registry and desks are the base every concept's models stand on
    # (a story's edition, a section's, a front page's).
    base = ("articles.stories.models", "articles.editions.registry", "articles.editions.models")
    if within(imp.target, "articles") and not within(imp.target, own, *base):
        # "from articles.stories import models" names the package on the way in.
        if imp.target not in ("articles", "articles.stories", "articles.editions"):
            return (
                "a concept's models import only the stories models, the editions' registry "
                "and their own package"
            )


RULES = [
    stories_stand_alone,
    nothing_imports_the_demo,
    comments_never_import_article_views,
    nothing_imports_the_api,
    the_api_imports_no_views,
    apps_use_django_settings_and_reverse,
    newsroom_knows_no_app,
    concept_models_import_only_stories_models,
]


def violations(rule, imports):
    """One line per import statement that breaks ``rule``: file, line, what, why."""
    found = {}
    for imp in imports:
        if (imp.path, imp.line) not in found and (message := rule(imp)):
            found[imp.path, imp.line] = f"{imp.path}:{imp.line} imports {imp.target}: {message}"
    return list(found.values())


def project_imports():
    found = []
    for package in PACKAGES:
        for file in sorted((ROOT / package).rglob("*.py")):
            path = file.relative_to(ROOT).as_posix()
            if "/migrations/" not in path:
                found += imports_of(path, file.read_text(encoding="utf-8"))
    return found


@pytest.fixture(scope="module")
def imports():
    return project_imports()


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_the_code_keeps_the_dependency_rule(rule, imports):
    found = violations(rule, imports)
    assert not found, "\n".join(found)


def test_every_package_is_read(imports):
    modules = {imp.module for imp in imports}
    assert {
        "articles.stories.models",
        "comments.views",
        "newsroom.pagecache.pages",
        "api.views",
    } <= modules


# The checker itself must be able to fail ---------------------------------------------------

# For each rule, a module that breaks it and the line where it does.
BROKEN = {
    stories_stand_alone: (
        "articles/stories/views.py",
        "import json\n\n\ndef publish():\n    from ..editorial import workflow\n",
        5,
    ),
    nothing_imports_the_demo: (
        "articles/management/commands/load_demo.py",
        "from articles.importing import demo_content\n",
        1,
    ),
    comments_never_import_article_views: (
        "comments/views.py",
        "from articles.models import Article\nfrom articles.stories import views\n",
        2,
    ),
    nothing_imports_the_api: (
        "articles/discovery/feeds.py",
        "from articles.models import Article\nfrom api.serializers import story\n",
        2,
    ),
    the_api_imports_no_views: (
        "api/views.py",
        "from articles.models import Article\nfrom comments import views\n",
        2,
    ),
    apps_use_django_settings_and_reverse: (
        "comments/moderation.py",
        "import newsroom.settings\n",
        1,
    ),
    newsroom_knows_no_app: (
        "newsroom/pagecache/pages.py",
        "from django.conf import settings\n\nfrom articles.models import Article\n",
        3,
    ),
    concept_models_import_only_stories_models: (
        "articles/interviews/models.py",
        "from articles.stories.models import Article\nfrom ..editorial.models import ShareLink\n",
        2,
    ),
}


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_the_checker_names_file_line_and_rule_of_a_broken_import(rule):
    path, source, line = BROKEN[rule]
    found = violations(rule, imports_of(path, source))
    assert found, f"{rule.__name__} let a broken import through"
    assert found[0].startswith(f"{path}:{line} imports ")


def test_the_checker_allows_what_the_rules_allow():
    allowed = [
        ("articles/stories/views.py", "from ..media import images\nfrom .models import Article\n"),
        ("articles/interviews/models.py", "from articles.stories.models import Article\n"),
        (
            "comments/views.py",
            "from articles.models import Article\nfrom django.urls import reverse\n",
        ),
        ("newsroom/urls.py", "from articles import urls\nfrom . import settings\n"),
    ]
    for path, source in allowed:
        assert [v for rule in RULES for v in violations(rule, imports_of(path, source))] == []


def test_relative_imports_are_resolved_from_the_package():
    assert {
        imp.target
        for imp in imports_of("articles/editorial/admin.py", "from ..stories import views")
    } == {
        "articles.stories",
        "articles.stories.views",
    }
    assert imports_of("articles/stories/__init__.py", "from . import models")[-1].target == (
        "articles.stories.models"
    )
