#!/usr/bin/env python3
"""Prints After-Action Reports as a reader would (headless Chromium to PDF) and checks the
printout is a controlled document (issue 17): every page carries the report's banner — the
exercise's marking, with the play marking of the cards it prints — in its top and its bottom
margin, no marking overlaps body text, and no page ends with a heading whose text is on the
next page.

Usage: print-test.py MARKING REPORT.html [REPORT.html ...]
MARKING is the exercise's; each report's banner (its first marking element) must start with it.
Reads each PDF back with `pdftotext -bbox` (poppler-utils). Exit 0 when every page of
every report passes, 1 naming each page that does not, 77 when Chromium or pdftotext is
missing (.ci/run installs both).
"""
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

# The @page margin is 18 mm top and bottom (HTMLReport.pageCSS): a word wholly inside that
# band is in the margin, one that reaches into it is text running over the marking.
BAND = 18 / 25.4 * 72


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def words_by_page(pdf):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True, capture_output=True, text=True).stdout
    # The output is XHTML; the namespace is dropped so that ElementTree finds the words.
    root = ET.fromstring(out.replace(' xmlns="http://www.w3.org/1999/xhtml"', ""))
    pages = []
    for page in root.iter("page"):
        height = float(page.get("height"))
        words = [(w.text or "", float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")))
                 for w in page.iter("word")]
        pages.append((height, words))
    return pages


def overlaps(a, b):
    return a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]


def plain(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def check(report, marking, browser, folder):
    pdf = os.path.join(folder, os.path.basename(report) + ".pdf")
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", "file://" + os.path.abspath(report)],
                   check=True, capture_output=True, timeout=120)
    pages = words_by_page(pdf)
    problems = []
    source = open(report, encoding="utf-8").read()
    found = re.search(r'<div class="marking marking-top"[^>]*>(.*?)</div>', source)
    banner = plain(found.group(1)) if found else ""
    if not banner.startswith(marking):
        problems.append(f"{report}: the banner {banner!r} does not start with the exercise's marking {marking!r}")
    expected = banner.split()
    # A heading must keep its first lines with it: no page's last body line is a heading.
    headings = {plain(h) for h in re.findall(r"<(?:h2|h3|caption)[^>]*>(.*?)</(?:h2|h3|caption)>", source)}
    # Nor does a section start on a page of a few lines whose table or chart went to the next.
    sections = {plain(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", source)}
    layout = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True, text=True).stdout
    bodies = []
    for text in layout.split("\f"):
        lines = [" ".join(l.split()) for l in text.splitlines()]
        bodies.append([l for l in lines if l and l != banner and not re.fullmatch(r"Page \d+ of \d+", l)
                       and not (l.startswith(banner) and re.search(r"Page \d+ of \d+$", l))])
    for n, body in enumerate(bodies, start=1):
        if body and body[-1] in headings:
            problems.append(f"{report}: page {n}: ends with the heading {body[-1]!r}, its text on the next page")
        following = bodies[n] if n < len(bodies) else []
        if body and body[0] in sections and len(body) < 8 and following and following[0] not in sections:
            problems.append(f"{report}: page {n}: holds only the start of section {body[0]!r} ({len(body)} lines); the rest is on the next page")
    for n, (height, words) in enumerate(pages, start=1):
        top = [w for w in words if w[4] <= BAND]
        bottom = [w for w in words if w[2] >= height - BAND]
        for where, band in (("top", top), ("bottom", bottom)):
            line = [w[0] for w in sorted(band, key=lambda w: w[1])]
            # The bottom margin also holds "Page N of M" at its right.
            text = " ".join(line)
            if " ".join(expected) not in text:
                problems.append(f"{report}: page {n} of {len(pages)}: no marking in the {where} margin (found: {text!r})")
            extra = [w for w in band if w[0] not in expected and w[0] not in ("Page", "of") and not w[0].isdigit()]
            if extra:
                problems.append(f"{report}: page {n}: body text in the {where} margin: {' '.join(w[0] for w in extra)!r}")
        marks = [w for w in top + bottom if w[0] in expected]
        body = [w for w in words if w not in top and w not in bottom]
        for m in marks:
            for w in body:
                if overlaps(m, w):
                    problems.append(f"{report}: page {n}: the marking word {m[0]!r} overlaps {w[0]!r}")
    return len(pages), problems


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 64
    browser = chromium()
    if not browser or not shutil.which("pdftotext"):
        print("print-test: skipped: needs chromium and pdftotext (apt-get install chromium poppler-utils)")
        return 77
    marking, reports = sys.argv[1], sys.argv[2:]
    problems = []
    with tempfile.TemporaryDirectory() as folder:
        for report in reports:
            count, found = check(report, marking, browser, folder)
            problems += found
            print(f"print-test: {report}: {count} pages{'' if not found else f', {len(found)} problems'}")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
