"""Deterministic saved news pages, shaped like real ones, for the import benchmark.

Each page has what real pages carry around the article: a navigation bar, a
cookie notice, advertisement slots, a photo with its caption repeated in the
credit, share buttons, a related-articles list, a footer, and JSON-LD and
Open Graph metadata. The article body is 300–1,500 words of newsy sentences.
"""

from __future__ import annotations

import json
import random
from html import escape
from pathlib import Path

WORDS = ("council minister budget figures percent housing report election voters official statement "
         "health service waiting times police crime data year rise fall record spending tax plan "
         "government opposition spokesperson survey research university hospital schools teachers "
         "energy prices inflation wages workers union strike transport rail roads climate emissions").split()
NAMES = ["Amara Nwosu", "Tomás Reyes", "Li Wei", "Sarah O'Connell", "Jonas Müller", "Priya Patel"]
OUTLETS = ["The Daily Ledger", "Northern Courier", "Metro Herald", "The Civic Post"]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    if rng.random() < 0.3:
        words.insert(rng.randint(0, len(words)), f"{rng.randint(2, 98)} per cent")
    if rng.random() < 0.2:
        words.insert(0, f"“{rng.choice(NAMES)} said")
        words.append("”")
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def page(n: int) -> tuple[str, dict]:
    rng = random.Random(n)
    outlet = OUTLETS[n % len(OUTLETS)]
    headline = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 11))).capitalize()
    author = rng.choice(NAMES)
    date = f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"
    url = f"https://news{n % 4}.example/{date[:4]}/{date[5:7]}/story-{n}"
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
                  for _ in range(rng.randint(8, 30))]
    caption = f"{rng.choice(NAMES)} at the {rng.choice(WORDS)} briefing on {date}. Photo: Agency"
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline,
          "author": {"@type": "Person", "name": author}, "datePublished": date + "T08:00:00Z",
          "publisher": {"@type": "Organization", "name": outlet}, "mainEntityOfPage": url}
    body = []
    for i, paragraph in enumerate(paragraphs):
        body.append(f"<p>{escape(paragraph)}</p>")
        if i == 2:
            body.append('<div class="ad-slot" aria-label="Advertisement"><p>Advertisement</p>'
                        '<p>Subscribe now for just £1 a week</p></div>')
        if i == 5:
            body.append(f'<figure><img src="/img/{n}.jpg" alt=""><figcaption>{escape(caption)}</figcaption></figure>'
                        f'<p class="credit">{escape(caption)}</p>')
    related = "".join(f'<li><a href="/story-{n + k}">{escape(rng.choice(WORDS).capitalize())} '
                      f'{escape(rng.choice(WORDS))} row deepens</a></li>' for k in range(1, 6))
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(headline)} | {escape(outlet)}</title>
<link rel="canonical" href="{url}">
<meta property="og:title" content="{escape(headline)}">
<meta property="og:site_name" content="{escape(outlet)}">
<meta name="author" content="{escape(author)}">
<script type="application/ld+json">{json.dumps(ld)}</script>
<script>window.analytics = function () {{}};</script>
<style>body {{ font-family: sans-serif }}</style>
</head><body>
<div id="cookie-banner"><p>We use cookies to improve your experience. Accept all cookies?</p>
<button>Accept</button><button>Manage settings</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>
<main><article>
<h1>{escape(headline)}</h1>
<p class="byline">By <span class="author">{escape(author)}</span> · <time datetime="{date}">{date}</time></p>
{"".join(body)}
</article>
<aside class="related"><h2>Related articles</h2><ul>{related}</ul></aside></main>
<footer><p>© 2024 {escape(outlet)}. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>
"""
    return html, {"headline": headline, "author": author, "date": date, "outlet": outlet, "url": url,
                  "first_paragraph": paragraphs[0]}


def write_pages(folder: Path, count: int, first: int = 0) -> list[Path]:
    """Pages ``first`` to ``first + count - 1`` written to ``folder`` (story-NNNN.html); their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(first, first + count):
        html, _ = page(n)
        path = folder / f"story-{n:04d}.html"
        path.write_text(html, encoding="utf-8")
        paths.append(path)
    return paths
