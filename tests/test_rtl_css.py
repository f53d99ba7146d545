"""
Right to left by construction: every stylesheet says "start" and "end", never "left"
and "right", so a page with dir="rtl" mirrors without a second stylesheet. A rule
that must stay physical is allowed only with its reason here.

Also: the Arabic-script web font is fetched only for Arabic script (unicode-range),
never blocks text (font-display: swap), stays small and ships with its licence.
"""

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[1] / "static"
CSS_DIR = STATIC / "css"
FONTS_DIR = STATIC / "fonts"
STYLESHEETS = sorted(CSS_DIR.glob("*.css"))

# (file, selector, property): why the rule is about a physical side.
ALLOWED_PHYSICAL = {
    ("admin-workflow.css", ".share-link-address", "direction"): (
        "a share link's address is written left to right in every language"
    ),
    ("dashboard.css", ".chart__svg", "direction"): (
        "the server draws the charts with x coordinates from the left; SVG's text-anchor "
        "start/end would swap sides in a right-to-left page"
    ),
    ("dashboard.css", ".chart__table td", "text-align"): (
        "digits run left to right in every script: numbers line up on their units only "
        "when the column is aligned right"
    ),
    ("site.css", 'input[type="email"], input[type="url"], input[type="tel"]', "direction"): (
        "addresses and telephone numbers are written left to right in every language"
    ),
    ("site.css", ".flip-in-rtl:dir(rtl)", "transform"): (
        "mirrors an arrow that points along the line, on right-to-left pages only"
    ),
}

# Shorthands whose fourth value is the left side (top right bottom left).
BOX_SHORTHANDS = {
    "margin",
    "padding",
    "inset",
    "border-width",
    "border-style",
    "border-color",
    "scroll-margin",
    "scroll-padding",
}
PHYSICAL_PROPERTY = re.compile(r"(?:^|-)(?:left|right)(?:-|$)")
PHYSICAL_KEYWORD = re.compile(r"\b(?:left|right)\b")
SIDEWAYS_TRANSFORM = re.compile(r"\b(?:translateX|translate3d|translate|scaleX|scale)\(([^)]*)\)")
ZERO = re.compile(r"^-?0(?:\.0+)?(?:[a-z%]+)?$")

ARABIC_RANGES = {
    "U+0600-06FF",
    "U+0750-077F",
    "U+08A0-08FF",
    "U+FB50-FDFF",
    "U+FE70-FEFF",
    "U+200C-200F",
}
FONT_BUDGET_BYTES = 120_000
# Languages written in Arabic script: their typography rules (site.css, admin.css).
ARABIC_SCRIPT = ":is(:lang(ckb), :lang(ar), :lang(fa))"


def strip_comments(css):
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


def rules(css):
    """(selector, body) of every innermost block, at-rules' blocks included."""
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", strip_comments(css)):
        yield " ".join(selector.split()), body


def top_level_split(text, separator):
    """Split on separator outside quotes and parentheses."""
    parts, depth, quote, current = [], 0, None, ""
    for char in text:
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and (char.isspace() if separator is None else char == separator):
            parts.append(current)
            current = ""
            continue
        current += char
    parts.append(current)
    return [part.strip() for part in parts if part.strip()]


def declarations(body):
    for declaration in top_level_split(body, ";"):
        name, _, value = declaration.partition(":")
        value = value.replace("!important", "").strip()
        yield name.strip().lower(), value


def without_strings(value):
    return re.sub(r"\"[^\"]*\"|'[^']*'|url\([^)]*\)", "", value)


def physical_reason(name, value):
    """Why this declaration is about a physical side, or None when it is logical."""
    if name.startswith("--"):
        return None
    if PHYSICAL_PROPERTY.search(name):
        return f"{name} names a physical side"
    if PHYSICAL_KEYWORD.search(without_strings(value)):
        return f"{name}: {value} names a physical side"
    if name == "direction":
        return "direction belongs to the markup (dir), not the stylesheet"
    values = top_level_split(value, None)
    if name in BOX_SHORTHANDS and len(values) == 4 and values[1] != values[3]:
        return f"{name}: {value} gives right and left different values"
    if name == "border-radius":
        for corners in value.split("/"):
            if len(set(top_level_split(corners, None))) > 1:
                return f"{name}: {value} rounds the left and right corners differently"
    if name == "translate" and values and not ZERO.match(values[0]):
        return f"{name}: {value} moves sideways"
    if name == "transform":
        for function in SIDEWAYS_TRANSFORM.finditer(value):
            arguments = [a.strip() for a in function.group(1).split(",")]
            kind = function.group(0).split("(")[0]
            if kind in ("translateX", "translate", "translate3d") and not ZERO.match(arguments[0]):
                return f"{name}: {value} moves sideways"
            if kind in ("scaleX", "scale") and arguments[0].startswith("-"):
                return f"{name}: {value} mirrors sideways"
    return None


def physical_declarations(path):
    found = []
    for selector, body in rules(path.read_text()):
        for name, value in declarations(body):
            reason = physical_reason(name, value)
            if reason:
                found.append(((path.name, selector, name), reason))
    return found


def test_the_checker_finds_every_kind_of_physical_rule():
    css = """
    .a { margin-left: 1rem; }
    .b { padding: 0 1rem 0 2rem; }
    .c { border-radius: 2px 0 0 2px; }
    .d { text-align: right; }
    .e { float: left; }
    .f { transform: translateX(4px); }
    .g { background: url(x.svg) no-repeat right center; }
    .h { inset: 0 auto 0 0; }
    .i { border-top-left-radius: 2px; }
    @media (min-width: 40em) { .j { left: 0; } }
    """
    path_like = type("P", (), {"name": "x.css", "read_text": lambda self: css})()
    flagged = {selector for (_file, selector, _name), _reason in physical_declarations(path_like)}
    assert flagged == {f".{letter}" for letter in "abcdefghij"}


def test_the_checker_lets_logical_and_symmetric_rules_through():
    css = """
    .a { margin-inline-start: 1rem; padding: 0 1rem; margin: 0 auto 1rem; }
    .b { padding: 1rem 2rem 1rem 2rem; border-radius: 999px; border-start-start-radius: 0; }
    .c { text-align: start; float: inline-start; inset-inline-end: 0; }
    .d { transform: translateY(-200%); transform: scale(1.02); transform: none; }
    .e { content: " (left) "; grid-template-areas: "text image"; }
    .f { border-inline-start: 3px solid; justify-self: end; }
    """
    path_like = type("P", (), {"name": "x.css", "read_text": lambda self: css})()
    assert physical_declarations(path_like) == []


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda path: path.name)
def test_every_side_in_the_stylesheet_is_logical(path):
    unexplained = [
        f"{selector} {{ {reason} }}"
        for (name, selector, prop), reason in physical_declarations(path)
        if (name, selector, prop) not in ALLOWED_PHYSICAL
    ]
    assert not unexplained, (
        f"{path.name} has rules about a physical side; use the logical property "
        "(margin-inline-start, inset-inline-end, text-align: start, float: inline-start, "
        "border-start-start-radius...) or add it with a reason to ALLOWED_PHYSICAL:\n"
        + "\n".join(unexplained)
    )


def test_every_allowed_physical_rule_still_exists_and_says_why():
    found = {key for path in STYLESHEETS for key, _reason in physical_declarations(path)}
    stale = [key for key in ALLOWED_PHYSICAL if key not in found]
    assert not stale, f"allowed but no longer in the stylesheets, remove them: {stale}"
    assert all(len(reason) > 20 for reason in ALLOWED_PHYSICAL.values())


def font_faces():
    for path in STYLESHEETS:
        for selector, body in rules(path.read_text()):
            if selector == "@font-face":
                yield path, dict(declarations(body))


def test_there_is_an_arabic_script_web_font():
    families = {face["font-family"].strip("\"'") for _path, face in font_faces()}
    assert families == {"Newsroom Naskh"}


@pytest.mark.parametrize(
    "path, face",
    list(font_faces()),
    ids=lambda value: value.name if isinstance(value, Path) else value.get("font-weight"),
)
def test_every_font_face_swaps_and_is_limited_to_arabic_script(path, face):
    assert face.get("font-display") == "swap", "text must show at once in a system font"
    assert "unicode-range" in face, "without a unicode-range, Latin text would fetch the font"
    ranges = {part.strip().upper() for part in face["unicode-range"].split(",")}
    assert ranges == ARABIC_RANGES
    urls = re.findall(r"url\([\"']?([^\"')]+)", face["src"])
    assert urls and all(url.endswith(".woff2") for url in urls)
    for url in urls:
        assert (path.parent / url).resolve().is_file(), f"{path.name}: no font file at {url}"


def test_the_web_font_is_small_and_ships_with_its_licence():
    fonts = sorted(FONTS_DIR.glob("*.woff2"))
    assert [font.name for font in fonts] == [
        "noto-naskh-arabic-arabic-400-normal.woff2",
        "noto-naskh-arabic-arabic-700-normal.woff2",
    ]
    assert sum(font.stat().st_size for font in fonts) < FONT_BUDGET_BYTES
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FONTS_DIR / "OFL.txt").read_text()
    readme = (FONTS_DIR / "README.md").read_text()
    assert "@fontsource/noto-naskh-arabic" in readme and "5.3.0" in readme


def custom_property(css, name):
    match = re.search(rf"^\s*{re.escape(name)}:\s*([^;]+);", strip_comments(css), flags=re.M)
    return [family.strip().strip("\"'") for family in match.group(1).split(",")]


def test_system_fonts_that_draw_sorani_come_before_the_web_font():
    css = (CSS_DIR / "site.css").read_text()
    for stack in ("--arabic-naskh", "--arabic-sans"):
        families = custom_property(css, stack)
        assert families[-1] == "Newsroom Naskh", stack
        assert "Noto Naskh Arabic" in families or "Noto Sans Arabic" in families, stack


@pytest.mark.parametrize("name", ["site.css", "admin.css"])
def test_arabic_script_is_never_letter_spaced_upper_cased_or_slanted(name):
    arabic_rules = [
        dict(declarations(body))
        for selector, body in rules((CSS_DIR / name).read_text())
        if selector == ARABIC_SCRIPT
    ]
    merged = {key: value for rule in arabic_rules for key, value in rule.items()}
    assert merged.get("letter-spacing") == "normal"
    assert merged.get("text-transform") == "none"
    assert merged.get("font-style") == "normal"
    body = (CSS_DIR / name).read_text()
    assert "letter-spacing: normal !important" in body  # beats every tracked Latin label


def test_arabic_script_pages_get_room_between_lines():
    css = (CSS_DIR / "site.css").read_text()
    arabic = dict(
        item
        for selector, body in rules(css)
        if selector == ARABIC_SCRIPT
        for item in declarations(body)
    )
    assert float(arabic["--story-line-height"]) >= 1.8
