"""A deterministic list of known-hostile strings for the resilience suite (issue 6).

Every payload that could run script sets the global marker `window.__pwned` and/or opens a dialog
(`alert(1)`), so the browser pass can tell whether any of them ever ran. Payloads that would load a
resource point at `evil.example` (a host that is not this machine): had one been rendered as HTML,
the request recording would see a request leave the machine.

`hostile_strings()` returns the same list, in the same order, on every call (no randomness).
"""

from __future__ import annotations

MARK = "window.__pwned=1"
EVIL = "http://evil.example"

# Script and HTML carriers: each wraps a JavaScript body.
_SCRIPT_TEMPLATES = [
    "<script>{js}</script>",
    "<SCRIPT>{js}</SCRIPT>",
    '<script src="{evil}/x.js"></script>',
    '<img src=x onerror="{js}">',
    '<img src="{evil}/i.png" onerror={js}>',
    '<svg onload="{js}">',
    "<svg><script>{js}</script></svg>",
    '<body onload="{js}">',
    '<iframe src="javascript:{js}"></iframe>',
    '<iframe srcdoc="<script>parent.{js}</script>"></iframe>',
    '<a href="javascript:{js}">click</a>',
    '<details open ontoggle="{js}">',
    '<input autofocus onfocus="{js}">',
    '<video><source onerror="{js}"></video>',
    "<math><mtext><script>{js}</script></mtext></math>",
    '"><script>{js}</script>',
    "'><script>{js}</script>",
    "</textarea><script>{js}</script>",
    "</title><script>{js}</script>",
    '<object data="javascript:{js}"></object>',
    '<embed src="javascript:{js}">',
    "<style>@import '{evil}/s.css';</style>",
    '<link rel=stylesheet href="{evil}/s.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:{js}">',
    "[click](javascript:{js})",
    "![img]({evil}/md.png)",
    '<a href="{evil}" onmouseover="{js}">hover</a>',
    "javascript:{js}",
    "{{{{constructor.constructor('{js}')()}}}}",
    "${{{js}}}",
    '<marquee onstart="{js}">',
    '<form action="javascript:{js}"><button>go</button></form>',
    '<base href="{evil}/">',
    "<img src=`x` onerror=`{js}`>",
    "<scr<script>ipt>{js}</scr</script>ipt>",
    "&lt;script&gt;{js}&lt;/script&gt;",
    "%3Cscript%3E{js}%3C%2Fscript%3E",
    "\\u003cscript\\u003e{js}\\u003c/script\\u003e",
    '<div style="background:url({evil}/bg.png)">x</div>',
    "<!--<script>-->{js}<!--</script>-->",
]
_JS_BODIES = [
    MARK,
    "alert(1)",
    f"{MARK};alert(document.domain)",
    "confirm(1)",
    "prompt(1)",
    f"eval('{MARK}')",
    "top.__pwned=1",
    "self['al'+'ert'](1)",
    f"setTimeout('{MARK}')",
]

_HTML = [
    "<b>bold</b>",
    "<h1>HEADING</h1>",
    "<table><tr><td>x</td></tr></table>",
    "</div></div></div>",
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:red">overlay</div>',
    "<plaintext>",
    "<xmp>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<!--",
    "-->",
    "<![CDATA[x]]>",
    '<?xml version="1.0"?>',
    "&amp;&lt;&gt;&quot;&#39;",
    "&#x3C;script&#x3E;",
    "<<<>>>",
    "<>",
    "< script >",
    "<p>unclosed",
    "<br/><hr/>",
]
_MARKDOWN = [
    "# heading",
    "**bold** _it_ `code`",
    "[link](http://evil.example)",
    "```\ncode\n```",
    "> quote",
    "| a | b |\n|---|---|",
    ":red[red] :rainbow[x]",
    "$x^2$",
    "$$\\frac{1}{0}$$",
    "\\",
    "\\\\",
    "*" * 50,
    "_" * 50,
    "~~strike~~",
    "<https://evil.example>",
    "- [ ] task",
    ":material/warning:",
    ":smile:",
    "---",
    "***",
    "\n\n\n",
]
_FORMAT = [
    "%s",
    "%s%s%s%s%s",
    "%n",
    "%x%x%x",
    "%d",
    "%(name)s",
    "%1$s",
    "{}",
    "{0}",
    "{name}",
    "{0.__class__}",
    "{__import__('os')}",
    "{{}}",
    "${HOME}",
    "$(id)",
    "`id`",
    "#{7*7}",
    "{{7*7}}",
    "<%= 7*7 %>",
    "${7*7}",
    "@{7*7}",
    "%00",
    "\\x00",
    "\\n\\r",
    "%0d%0aSet-Cookie:x=1",
]
_SQL = [
    "' OR '1'='1",
    "' OR 1=1 --",
    '" OR ""="',
    "'; DROP TABLE territories; --",
    "1; DELETE FROM practices",
    "' UNION SELECT * FROM audit --",
    "admin'--",
    "') OR ('a'='a",
    "1' AND SLEEP(5)--",
    "'; SELECT pg_sleep(5); --",
    "%' AND 1=0 UNION SELECT NULL --",
    "\\'; COPY territories TO '/tmp/x'; --",
    "''''''''",
    '""""',
    "; --",
    "/* comment */",
    "' || (SELECT version()) || '",
    "1e309",
    "-1",
    "0x7fffffff",
    "NULL",
    "None",
    "undefined",
    "NaN",
    "true",
    "[]",
    "{}",
    "null",
    "0",
    "-0",
    "1/0",
    "Infinity",
]
_PATHS = [
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/dev/zero",
    "file:///etc/passwd",
    "C:\\CON",
    "CON",
    "nul",
    "\\\\evil.example\\share",
    "~root",
    "/proc/self/environ",
]
_UNICODE = [
    "\u202etxt.exe",
    "\u202eevil\u202c",
    "\u200f\u0645\u0631\u062d\u0628\u0627\u200f",
    "\u05e9\u05dc\u05d5\u05dd",
    "\u0645\u062f\u064a\u0646\u0629 \u062d\u0642\u0648\u0642",
    "a\u200bb\u200cc\u200dd\ufeffe",
    "\u200b" * 20,
    "\ufeff",
    "\u2060\u2061\u2062\u2063",
    "\u00ad",
    "\u034f",
    "\u115f\u1160\u3164",
    "\u2028",
    "\u2029",
    "line1\nline2\r\nline3",
    "\t\t\t",
    "\x0b\x0c",
    "\x1b[31mred\x1b[0m",
    "\x07\x08",
    "\u0000".replace("\u0000", "\u2400"),
    "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f"
    "\u031e\u0320\u034dA\u036b\u0357\u0334\u0362\u0335\u031c\u0330\u0354L\u0368\u0367\u0369\u0358"
    "\u0320G\u0311\u0357\u030e\u0305\u035b\u0341\u0334\u033b\u0348\u034d\u0354\u0339O",
    "\U0001f600\U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",
    "\U0001f3f3\ufe0f\u200d\U0001f308",
    "\U0001f1fa\U0001f1f8\U0001f1eb\U0001f1f7",
    "\U0001f44d\U0001f3fd",
    "\u2764\ufe0f" * 30,
    "\U0001d573\U0001d58a\U0001d593",
    "\uff1cscript\uff1e",
    "\u0130stanbul",
    "\u00df\u1e9e",
    "\ufdfd",
    "\u0bf5",
    "\u2126\u212b",
    "\u3042\u3044\u3046 \u6f22\u5b57 \ud55c\uad6d\uc5b4",
    "\u0928\u092e\u0938\u094d\u0924\u0947",
    "\u1000\u103c\u102d\u102f\u1037",
    "\U00020000\U0002a6d6",
    "\uffff",
    "\ufffd",
    "\u0085",
    "e\u0301\u0301\u0301\u0301",
    "\u2800" * 10,
    "\u180e",
    "Ci\u0301udad Jua\u0301rez",
    "B\u0430rcelona",  # Cyrillic a: a homoglyph
]
_LONG = [
    "A" * 10_000,
    "\U0001f600" * 2_000,
    "<" * 5_000,
    "%s" * 2_000,
    "\u200b" * 5_000,
    ("word " * 2_000).strip(),
    "x" * 201,
    "\u0645" * 3_000,
    "'" * 4_000,
    "\n" * 2_000,
]


def hostile_strings() -> list[str]:
    """500+ distinct hostile strings, deterministic, grouped by category (see `categories`)."""
    return [text for _, text in categorised()]


def categorised() -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for template in _SCRIPT_TEMPLATES:
        for js in _JS_BODIES:
            items.append(("script", template.format(js=js, evil=EVIL)))
    items += [("html", s) for s in _HTML]
    items += [("markdown", s) for s in _MARKDOWN]
    items += [("format", s) for s in _FORMAT]
    items += [("sql", s) for s in _SQL]
    items += [("path", s) for s in _PATHS]
    items += [("unicode", s) for s in _UNICODE]
    items += [("long", s) for s in _LONG]
    # Mixed: a script payload wrapped in RTL / zero-width / emoji noise.
    for n, (prefix, suffix) in enumerate(
        [("\u202e", "\u202c"), ("\u200b", "\u200b"), ("\U0001f600", "\U0001f525"), ("\ufeff", "")]
    ):
        for js in _JS_BODIES:
            items.append(("mixed", f'{prefix}<img src=x{n} onerror="{js}">{suffix}'))
    seen, unique = set(), []
    for category, text in items:
        if text not in seen:
            seen.add(text)
            unique.append((category, text))
    return unique


def counts() -> dict[str, int]:
    out: dict[str, int] = {}
    for category, _ in categorised():
        out[category] = out.get(category, 0) + 1
    return out


if __name__ == "__main__":
    print(len(hostile_strings()), counts())
