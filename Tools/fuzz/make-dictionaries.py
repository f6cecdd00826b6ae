#!/usr/bin/env python3
"""Writes Tools/fuzz/TARGET.dict: the words each reader knows, taken from the sources and
the shipped files, so libFuzzer can splice whole keywords in instead of guessing them a
byte at a time. Run it from anywhere after adding keywords, fields, verbs, columns or
options; commit the result. (The fuzzers work without it, only slower to find deep paths.)
"""
import glob
import os
import re

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def read(*patterns):
    text = ""
    for pattern in patterns:
        for path in sorted(glob.glob(os.path.join(ROOT, pattern))):
            with open(path, encoding="utf-8", errors="replace") as f:
                text += f.read() + "\n"
    return text


def literals(text, pattern=r'"((?:[^"\\\n]|\\.){1,40})"'):
    """Swift string literals without interpolation."""
    return {m for m in re.findall(pattern, text) if "\\(" not in m}


def case_literals(text):
    """Strings matched by `case "a", "b":` — the words a parser switches on."""
    out = set()
    for line in re.findall(r'case\s+("[^:\n]*")\s*:', text):
        out |= literals(line)
    return out


def escape(word):
    out = ""
    for byte in word.encode("utf-8"):
        ch = chr(byte)
        if ch in '"\\':
            out += "\\" + ch
        elif 0x20 <= byte < 0x7F:
            out += ch
        else:
            out += "\\x%02X" % byte
    return out


def write(target, words, comment):
    words = sorted({w for w in words if w and len(w.encode("utf-8")) <= 64})
    path = os.path.join(ROOT, "Tools", "fuzz", target + ".dict")
    with open(path, "w", encoding="ascii") as f:
        f.write("# %s\n# Made by Tools/fuzz/make-dictionaries.py; %d entries.\n" % (comment, len(words)))
        for word in words:
            f.write('"%s"\n' % escape(word))
    print("%s: %d entries" % (os.path.relpath(path, ROOT), len(words)))


def unescape_swift(word):
    return word.replace('\\"', '"').replace("\\\\", "\\").replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t")


script_sources = read("Sources/ExerciseScript/Checker.swift", "Sources/ExerciseScript/Values.swift",
                      "Sources/ExerciseScript/Lexer.swift", "Sources/ExerciseScript/Syntax.swift",
                      "Sources/ExerciseCore/Exercise.swift", "Sources/ExerciseCore/Inject.swift")
exercises = read("Exercises/*.exercise", "Documentation/Examples/*.exercise")
identifier = re.compile(r"^[A-Za-z][A-Za-z0-9._-]*$")

# Identifiers the shipped exercises declare, by kind: what response lines refer to.
declared = set()
for kind, name in re.findall(r"^(team|asset|segment|inject|domain|mission|actor|objective)\s+(\S+)", exercises, re.M):
    declared.add(name)

# The exercise language: statement keywords, fields and values the checker switches on,
# and the bare words of the shipped exercises (durations, times, techniques, markings).
language = {unescape_swift(w) for w in case_literals(script_sources)}
language |= {unescape_swift(w) for w in literals(re.search(r"statementKeywords = \[(.*?)\]", script_sources, re.S).group(1))}
for token in re.findall(r'[^\s"#]+', re.sub(r'"(?:[^"\\\n]|\\.)*"|#.*', " ", exercises)):
    language.add(token)
language |= {'"', '""', '\\"', "\\\\", "\\n", "\\t", "\\u{1F600}", "#", "\n  ", "\r\n", "\t", "\xef\xbb\xbf".encode("latin-1").decode("utf-8"),
             "->", "+", "T1566.001", "2026-11-24T09:00+09:00", "+09:00", "Z", "30m", "1h30m", "2d", "100%", "0.5"}
write("exercise", language, "The exercise language: keywords, fields, values, punctuation.")

# Response lines: verbs, verdicts, times, and the names the shipped exercises declare.
decision_sources = read("Sources/ExerciseScript/ResponseLine.swift", "Sources/ExerciseCore/Decision.swift")
responses = {w for w in literals(decision_sources) if identifier.match(w)} | declared
responses |= {"turn", "+00:30", "+23:59", "+1d", "->", "met", "late", "missed", '"', '"reason"', "\\\"", "#", ".", ".1", ".2",
              "T1566.001", "T1190", "\n", "\r\n"}
write("responses", responses, "Response lines: times, teams, verbs, references, verdicts.")

# Journals: JSON keys and event types, JSON syntax, and the hash member.
journal_sources = read("Sources/ExerciseCore/Event.swift", "Sources/ExerciseCore/JournalFormat.swift",
                       "Sources/ExerciseCLI/Journal.swift", "Sources/ExerciseCLI/GameSession.swift",
                       "Sources/ExerciseCore/JSONValue.swift")
journal = set()
for w in literals(journal_sources):
    if re.match(r"^[a-z][a-z-]*$", w):
        journal |= {w, '"%s":' % w, '"%s"' % w}
journal |= {"{", "}", "[", "]", ":", ",", '":"', '","', "null", "true", "false", "-0", "1e308", "0.5", "\\u0000", "\\ud800",
            "\\\"", "\\\\", ',"hash":"', '"}', "\n", "cdx-journal", '"version":1', '"seed":', "9007199254740991"}
journal |= {'"%s"' % n for n in declared}
write("journal", journal, "Journals: JSON syntax, keys, event types and the hash member.")

# MSEL spreadsheets: every header synonym and row type, CSV syntax, times and targets.
msel_sources = read("Sources/ExerciseScript/MSEL.swift", "Sources/ExerciseScript/CSV.swift")
msel = {unescape_swift(w) for w in literals(msel_sources) if not w.startswith(" ") and len(w) >= 1}
msel = {w for w in msel if not re.search(r"[{}()\\]", w) or w in ("#",)}
msel |= {",", ";", "\t", '"', '""', "\r\n", "\n", "\r", "\xef\xbb\xbf".encode("latin-1").decode("utf-8"), "T+00:30", "T+1d",
         "09:00", "1h30m", "within 2h", "(within 2h)", "Trigger: when ", "Marking: ", " and ", "when ", ", from ", "J+1", "T+2", "within 30 minutes", "TLP:AMBER", "T1566.001"}
write("msel", msel, "MSEL CSV: column headers, row types, times, targets, CSV syntax.")

# Command lines: commands, options (long, short, with =), the values they choose among.
cli_sources = read("Sources/ExerciseCLI/*.swift")
arguments = set(re.findall(r'name: "([a-z-]+)"', cli_sources))
for kind, name in re.findall(r'\.(option|flag)\("([a-z-]+)"', cli_sources):
    arguments |= {"--" + name, "--%s=" % name}
arguments |= {"-" + s for s in re.findall(r'short: "(.)"', cli_sources)}
for group in re.findall(r"among: \[([^\]]*)\]", cli_sources):
    arguments |= literals(group)
arguments |= {"\x00", "--", "-", "-h", "--help", "help", "--version", "version", "=", "-1", "0", "1", "24",
              "9007199254740991", "18446744073709551616", "Exercises/pacific-shield.exercise", "journal.jsonl"}
write("arguments", arguments, "Command lines: commands, options, choices; arguments are separated by NUL bytes.")
