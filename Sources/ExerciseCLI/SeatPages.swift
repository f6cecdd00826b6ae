import ExerciseCore

/// The seats' pages: self-contained HTML, CSS and JavaScript served by cdx itself — no
/// framework, no fetch from anywhere else, no inline script or style (the Content Security
/// Policy forbids both). Every text from the exercise reaches the page through
/// `textContent`, never as markup.
enum SeatPages {
    static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private static func page(_ x: Exercise, body: String, kind: String) -> String {
        """
        <!doctype html>
        <html lang="en" data-page="\(kind)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escaped(x.title)) — cdx seats</title>
        <link rel="stylesheet" href="/static/seat.css">
        <script src="/static/seat.js" defer></script>
        </head>
        <body>
        <div class="banner" id="banner-top">\(escaped(x.marking))</div>
        \(body)
        <div class="banner" id="banner-bottom">\(escaped(x.marking))</div>
        </body>
        </html>

        """
    }

    /// The page where a seat's code is given (or read from the address's #fragment, which
    /// never leaves the browser).
    static func join(_ x: Exercise) -> String {
        page(x, body: """
            <main class="join">
            <h1>\(escaped(x.title))</h1>
            <p>Give the code of your seat: your team's, the white cell's, an evaluator's or the board's.</p>
            <form id="join-form" autocomplete="off">
            <label for="code">Seat code</label>
            <input id="code" name="code" autocomplete="off" spellcheck="false" autofocus placeholder="XXXXX-XXXXX-XXXXX-XXXXX">
            <button type="submit" id="join">Join</button>
            </form>
            <p id="join-error" class="error" role="alert"></p>
            </main>
            """, kind: "join")
    }

    /// The seat's page: one page for every role, filled by the script from `/api/view`.
    static func seat(_ x: Exercise) -> String {
        page(x, body: """
            <header class="bar">
            <span id="seat-name" class="seat-name"></span>
            <span id="clock" class="clock"></span>
            <span id="connection" class="connection">connecting…</span>
            <button type="button" id="leave" class="quiet">Leave</button>
            </header>
            <main id="seat" class="seat"></main>
            """, kind: "seat")
    }

    static let style = """
        :root { --ink: #1b1f24; --paper: #fbfbf8; --line: #c9cdd2; --accent: #0b4f8a; --bad: #a1221b; --good: #1f6b2e; --warn: #8a5a00; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.45 system-ui, "Noto Sans", "Noto Sans CJK JP", sans-serif; color: var(--ink); background: var(--paper); }
        .banner { background: #1f2d1f; color: #fff; text-align: center; font-weight: 700; letter-spacing: .05em; padding: .2rem; }
        .bar { display: flex; gap: 1.5rem; align-items: center; padding: .5rem 1rem; border-bottom: 1px solid var(--line); background: #eef1f4; }
        .seat-name { font-weight: 700; font-size: 1.15rem; }
        .clock { font-variant-numeric: tabular-nums; }
        .connection { margin-left: auto; font-size: .9rem; color: var(--warn); }
        .connection.live { color: var(--good); }
        button { font: inherit; padding: .35rem .8rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; cursor: pointer; }
        button.quiet { background: transparent; color: var(--accent); }
        button:disabled { opacity: .5; cursor: default; }
        input, select { font: inherit; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 4px; }
        main.join { max-width: 34rem; margin: 4rem auto; padding: 0 1rem; }
        main.join input { width: 100%; margin: .4rem 0 .8rem; font-family: ui-monospace, monospace; letter-spacing: .05em; }
        .error { color: var(--bad); }
        .seat { display: grid; grid-template-columns: minmax(18rem, 1fr) minmax(20rem, 1.3fr) minmax(18rem, 1fr); gap: 1rem; padding: 1rem; }
        .seat > section { min-width: 0; }
        h2 { font-size: 1.05rem; margin: 0 0 .5rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; }
        .card { border: 1px solid var(--line); border-left: 4px solid var(--accent); background: #fff; padding: .5rem .7rem; margin-bottom: .6rem; }
        .card .marking { font-size: .8rem; font-weight: 700; color: var(--bad); }
        .card .marking.none { color: #777; font-weight: 400; }
        .card .meta { font-size: .85rem; color: #555; }
        .card p { margin: .3rem 0 0; white-space: pre-wrap; }
        .card .languages { margin-top: .3rem; }
        .card button.language { font-size: .8rem; padding: .1rem .5rem; }
        .log { list-style: none; margin: 0; padding: 0; max-height: 70vh; overflow-y: auto; }
        .log li { padding: .15rem 0; border-bottom: 1px dotted var(--line); }
        .log li.white-only { color: #555; padding-left: 1rem; }
        .log .turn { font-size: .8rem; color: #666; margin-right: .4rem; font-variant-numeric: tabular-nums; }
        form.decide { display: flex; gap: .4rem; margin-bottom: .5rem; }
        form.decide input { flex: 1; min-width: 0; font-family: ui-monospace, monospace; }
        .forms { display: flex; flex-wrap: wrap; gap: .4rem; margin: .4rem 0 .8rem; align-items: center; }
        .outcome { border-radius: 4px; padding: .4rem .6rem; margin: .3rem 0; white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: .9rem; }
        .outcome.applied, .outcome.done { background: #e7f3ea; border: 1px solid var(--good); }
        .outcome.rejected, .outcome.invalid, .outcome.refused, .outcome.not-recorded { background: #f8e8e6; border: 1px solid var(--bad); }
        .outcome.held { background: #fdf3dc; border: 1px solid var(--warn); }
        pre { white-space: pre-wrap; font-size: .85rem; background: #fff; border: 1px solid var(--line); padding: .5rem; overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .2rem .4rem; border-bottom: 1px solid var(--line); }
        .capacity { font-weight: 700; }
        .muted { color: #666; }
        /* The board: for a projector at 1920×1080, read from the back of the room. */
        html[data-role="board"] { font-size: 26px; }
        html[data-role="board"] body { font-size: 1rem; background: #0e1419; color: #f2f4f5; }
        html[data-role="white"] .seat, html[data-role="evaluator"] .seat { grid-template-columns: minmax(18rem, 1fr) minmax(24rem, 1.7fr) minmax(18rem, 1fr); }
        pre.truth { white-space: pre; font-size: .8rem; }
        html[data-role="board"] .bar { background: #0e1419; border-color: #334; color: #f2f4f5; }
        html[data-role="board"] .seat { grid-template-columns: 1fr 1fr; }
        html[data-role="board"] h2 { border-color: #5aa0e0; }
        html[data-role="board"] .big { font-size: 2.6rem; font-weight: 800; font-variant-numeric: tabular-nums; line-height: 1.15; }
        html[data-role="board"] .time { font-size: 1.5rem; font-weight: 600; font-variant-numeric: tabular-nums; margin-bottom: .6rem; }
        html[data-role="board"] h2 { font-size: 1.1rem; margin-top: .8rem; }
        html[data-role="board"] td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        html[data-role="board"] td, html[data-role="board"] th { border-color: #334; }
        html[data-role="board"] .muted { color: #c3ccd6; }
        html[data-role="board"] .connection.live { color: #6fdc86; }
        html[data-role="board"] #leave { display: none; }
        .level-up { color: #3fbf5a; } .level-degraded { color: #e0b030; } .level-down { color: #ff5a4f; }
        .tile { display: inline-block; margin: 0 1rem .6rem 0; }
        @media (max-width: 900px) { .seat { grid-template-columns: 1fr; } }
        """

    static let script = #"""
        "use strict";
        // cdx seats: joins with a seat code, shows the seat's view from /api/view, refetches it
        // whenever /api/events says something changed, and sends decisions to /api/decide.
        (function () {
          const page = document.documentElement.dataset.page;
          const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined && text !== null) e.textContent = String(text); return e; };
          const form = (data) => Object.keys(data).map((k) => encodeURIComponent(k) + "=" + encodeURIComponent(data[k])).join("&");
          const post = (path, data, csrf) => fetch(path, { method: "POST", credentials: "same-origin",
            headers: Object.assign({ "Content-Type": "application/x-www-form-urlencoded" }, csrf ? { "X-CSRF-Token": csrf } : {}), body: form(data) });

          if (page === "join") {
            const input = document.getElementById("code"), error = document.getElementById("join-error");
            const join = async () => {
              error.textContent = "";
              const response = await post("/api/join", { code: input.value.trim() });
              const body = await response.json().catch(() => ({}));
              if (response.ok) { sessionStorage.setItem("cdx-csrf", body.csrf); location.assign("/seat"); }
              else error.textContent = body.error || ("could not join (" + response.status + ")");
            };
            document.getElementById("join-form").addEventListener("submit", (e) => { e.preventDefault(); join(); });
            if (location.hash === "#signed-out") {
              error.textContent = "This seat's code was replaced, or its session ended: ask exercise control for the new code.";
              history.replaceState(null, "", "/");
            } else if (location.hash.length > 1) { input.value = decodeURIComponent(location.hash.slice(1)); history.replaceState(null, "", "/"); join(); }
            return;
          }

          const root = document.getElementById("seat");
          let view = null, csrf = sessionStorage.getItem("cdx-csrf"), outcomes = [], drafts = {};

          async function refresh() {
            const response = await fetch("/api/view", { credentials: "same-origin" });
            if (response.status === 401) { location.assign("/"); return; }
            if (!response.ok) return;
            view = await response.json();
            if (view.csrf) csrf = view.csrf;
            render();
          }

          async function decide(line, extra) {
            const data = Object.assign({ line: line, turn: view ? view.turn : "" }, extra || {});
            const response = await post("/api/decide", data, csrf);
            const body = await response.json().catch(() => ({ outcome: "invalid", message: "no answer (" + response.status + ")" }));
            if (!body.outcome) body.outcome = response.ok ? "done" : "refused";
            body.typed = line;
            body.atTurn = view ? view.turn : "?";
            outcomes.unshift(body);
            outcomes = outcomes.slice(0, 12);
            await refresh();
            return body;
          }

          function section(title, id) { const s = el("section"); s.id = id; s.appendChild(el("h2", null, title)); return s; }

          // The language each card was switched to, kept across the view's refreshes.
          const cardLanguage = {};
          function cardBox(c) {
            const box = el("div", "card");
            const key = c.id + " " + c.version;
            const versions = [c].concat(c.other || []);
            const shown = versions.find((v) => v.language === cardLanguage[key]) || c;
            if (shown.language) box.lang = shown.language;
            box.appendChild(el("div", c.marking ? "marking" : "marking none", c.marking || "unmarked"));
            box.appendChild(el("strong", null, "[" + c.id + "] " + (c.version === "tearline" ? "tearline" : shown.title)));
            const meta = [c.from ? "from " + c.from : null, c.via ? "via " + c.via : null].filter(Boolean).join(", ");
            if (meta) box.appendChild(el("div", "meta", meta));
            box.appendChild(el("p", null, shown.text));
            // The card in its other languages: one button each, which shows it in that language.
            const switches = versions.filter((v) => v !== shown);
            if (switches.length) {
              const bar = el("div", "languages");
              switches.forEach((v) => {
                const b = el("button", "language", v.languageName);
                b.type = "button";
                b.lang = v.language;
                b.addEventListener("click", () => { cardLanguage[key] = v.language; box.replaceWith(cardBox(c)); });
                bar.appendChild(b);
              });
              box.appendChild(bar);
            }
            return box;
          }

          function logList(lines, max) {
            const list = el("ul", "log");
            lines.slice(-max).reverse().forEach((l) => {
              const item = el("li", l.whiteCellOnly ? "white-only" : null);
              item.appendChild(el("span", "turn", "T" + l.turn));
              item.appendChild(document.createTextNode(l.card && l.text === "inject card" ? "inject card " + l.card : l.card ? l.text + " " + l.card : l.text));
              list.appendChild(item);
            });
            if (!lines.length) list.appendChild(el("li", "muted", "nothing yet"));
            return list;
          }

          function outcomeBoxes(parent) {
            outcomes.forEach((o) => {
              let text = "T" + o.atTurn + " > " + o.typed + "\n";
              // What the seat is told says it all when there is some (it holds the ✓ or ✗ line).
              if (o.told && o.told.length) text += o.told.join("\n");
              else if (o.outcome === "applied") text += "✓ " + (o.line || "");
              else if (o.outcome === "rejected") text += "✗ " + (o.line || "") + " — rejected: " + o.message;
              else if (o.message) text += o.message;
              if (o.output) text += (o.told && o.told.length ? "\n" : "") + o.output;
              parent.appendChild(el("div", "outcome " + o.outcome, text.trim()));
            });
          }

          function decideBox(placeholder, hint) {
            const box = el("form", "decide");
            box.id = "decide-form";
            const input = el("input");
            input.id = "decision";
            input.placeholder = placeholder;
            input.autocomplete = "off";
            input.spellcheck = false;
            input.value = drafts.decision || "";
            input.addEventListener("input", () => { drafts.decision = input.value; });
            const send = el("button", null, "Decide");
            send.type = "submit";
            send.id = "send";
            box.appendChild(input);
            box.appendChild(send);
            box.addEventListener("submit", async (e) => {
              e.preventDefault();
              const line = input.value.trim();
              if (!line) return;
              send.disabled = true;
              drafts.decision = "";
              input.value = "";
              try { await decide(line); } finally { send.disabled = false; const again = document.getElementById("decision"); if (again) { again.value = ""; again.focus(); } }
            });
            const wrap = el("div");
            wrap.appendChild(box);
            if (hint) wrap.appendChild(el("div", "muted", hint));
            return wrap;
          }

          function verbForm(verb, names, build) {
            const wrap = el("span");
            const select = el("select");
            select.setAttribute("aria-label", verb);
            select.dataset.verb = verb;
            names.forEach((n) => {
              const id = typeof n === "string" ? n : n.id;
              const o = el("option", null, typeof n === "string" ? n : n.id + " — " + n.name);
              o.value = id;
              select.appendChild(o);
            });
            const button = el("button", "quiet", verb);
            button.type = "button";
            button.dataset.verb = verb;
            button.addEventListener("click", () => decide(build(select.value)));
            wrap.appendChild(select);
            wrap.appendChild(button);
            return wrap;
          }

          function renderTeam(v) {
            const cards = section("Cards", "cards");
            if (!v.cards.length) cards.appendChild(el("p", "muted", "No card has reached the team yet."));
            v.cards.slice().reverse().forEach((c) => cards.appendChild(cardBox(c)));

            const middle = section("Decide", "decide");
            middle.appendChild(el("p", "capacity", "Decisions left this turn: " + v.capacity.left + " of " + v.capacity.of));
            if (!v.finished && v.open) {
              middle.appendChild(decideBox("detect ASSET · contain ASSET · share ITEM -> TEAM …", "Type a decision line ('help' lists them), or use the forms below."));
              const forms = el("div", "forms");
              const ch = v.choices;
              if (ch.assets.length) {
                forms.appendChild(verbForm("detect", ch.assets, (a) => "detect " + a));
                forms.appendChild(verbForm("contain", ch.assets, (a) => "contain " + a));
                forms.appendChild(verbForm("restore", ch.assets, (a) => "restore " + a));
              }
              if (ch.segments.length) forms.appendChild(verbForm("hunt", ch.segments, (s) => "hunt " + s));
              if (ch.items.length && ch.shareTo.length) {
                const pairs = [];
                ch.items.forEach((i) => ch.shareTo.forEach((t) => pairs.push(i + " -> " + t)));
                forms.appendChild(verbForm("share", pairs, (p) => "share " + p));
              }
              middle.appendChild(forms);
            } else {
              middle.appendChild(el("p", "muted", v.finished ? "The exercise is over." : "Waiting for the white cell to open the turn."));
            }
            if (v.toApprove.length) {
              middle.appendChild(el("h2", null, "Waiting for your approval"));
              v.toApprove.forEach((r) => {
                const row = el("div", "card");
                row.appendChild(el("strong", null, r.id + " "));
                row.appendChild(document.createTextNode(r.line + " (" + r.rule + ") "));
                const yes = el("button", null, "approve " + r.id), no = el("button", "quiet", "deny " + r.id);
                yes.type = no.type = "button";
                yes.addEventListener("click", () => decide("approve " + r.id));
                no.addEventListener("click", () => decide("deny " + r.id));
                row.appendChild(yes); row.appendChild(no);
                middle.appendChild(row);
              });
            }
            if (v.requests.length) {
              middle.appendChild(el("h2", null, "Our requests for approval"));
              const t = el("table");
              v.requests.forEach((r) => { const tr = el("tr"); tr.appendChild(el("td", null, r.id)); tr.appendChild(el("td", null, r.line)); tr.appendChild(el("td", null, r.state)); t.appendChild(tr); });
              middle.appendChild(t);
            }
            if (v.held.length) {
              middle.appendChild(el("h2", null, "Held for the white cell"));
              v.held.forEach((h) => middle.appendChild(el("div", "outcome held", "#" + h.number + " " + h.line)));
            }
            const results = el("div"); results.id = "outcomes"; outcomeBoxes(results); middle.appendChild(results);

            const right = section("What we know", "knowledge");
            const t = el("table");
            if (v.assets.length) {
              const head = el("tr"); ["asset", "", "reported"].forEach((h) => head.appendChild(el("th", null, h))); t.appendChild(head);
              v.assets.forEach((a) => { const tr = el("tr"); tr.appendChild(el("td", null, a.id)); tr.appendChild(el("td", null, a.name)); tr.appendChild(el("td", null, a.reported ? "yes" : "—")); t.appendChild(tr); });
              right.appendChild(t);
            } else right.appendChild(el("p", "muted", "Nothing known of any asset yet."));
            right.appendChild(el("h2", null, "Log"));
            right.appendChild(logList(v.log, 300));
            root.append(cards, middle, right);
          }

          function renderWhite(v, evaluator) {
            const left = section(evaluator ? "Observe" : "Control", "control");
            if (evaluator) {
              const f = el("form", "decide"); f.id = "note-form";
              const about = el("select"); about.id = "about"; about.setAttribute("aria-label", "about");
              [""].concat(v.about || []).forEach((a) => { const o = el("option", null, a || "(general)"); o.value = a; about.appendChild(o); });
              const input = el("input"); input.id = "note"; input.placeholder = "an observation for the record";
              const send = el("button", null, "Note"); send.type = "submit"; send.id = "send";
              f.append(about, input, send);
              f.addEventListener("submit", async (e) => { e.preventDefault(); if (!input.value.trim()) return; const text = input.value; input.value = ""; await decide(text, { about: about.value }); });
              left.appendChild(f);
            } else {
              left.appendChild(decideBox("next · status · score · TEAM VERB ARGS", "The console's commands and decision lines ('help' lists them)." + (v.review ? " Review: accept N · refuse N \"why\"" : "")));
              const buttons = el("div", "forms");
              [["next", "Next turn"], ["status", "Status"], ["score", "Score"], ["undo", "Undo"], ["scores show", "Scores on board"], ["scores hide", "Hide scores"]].forEach(([line, label]) => {
                const b = el("button", line === "next" ? null : "quiet", label); b.type = "button"; b.dataset.command = line;
                b.addEventListener("click", () => decide(line)); buttons.appendChild(b);
              });
              left.appendChild(buttons);
              if (v.held.length) {
                left.appendChild(el("h2", null, "Held for review"));
                v.held.forEach((h) => {
                  const row = el("div", "card");
                  row.appendChild(el("strong", null, "#" + h.number + " [" + h.seat + "] "));
                  row.appendChild(document.createTextNode(h.line + " "));
                  const ok = el("button", null, "accept"), why = el("input"), no = el("button", "quiet", "refuse");
                  ok.type = no.type = "button"; why.placeholder = "why (to refuse)";
                  ok.addEventListener("click", () => decide("accept " + h.number));
                  no.addEventListener("click", () => decide("refuse " + h.number + " \"" + (why.value || "refused") + "\""));
                  row.append(ok, why, no);
                  left.appendChild(row);
                });
              }
            }
            const results = el("div"); results.id = "outcomes"; outcomeBoxes(results); left.appendChild(results);
            left.appendChild(el("h2", null, "Status"));
            left.appendChild(el("pre", null, v.status));

            const middle = section("Assets, missions and teams", "truth");
            middle.appendChild(el("pre", "truth", v.board));
            const act = el("table");
            const head = el("tr"); ["team", "used this turn", "applied in all", "refused in all"].forEach((h) => head.appendChild(el("th", null, h))); act.appendChild(head);
            v.activity.forEach((a) => { const tr = el("tr"); [a.team, a.used + " of " + a.capacity, a.applied, a.refused].forEach((c) => tr.appendChild(el("td", null, c))); act.appendChild(tr); });
            middle.appendChild(act);

            const right = section("Everything that happened", "log");
            right.appendChild(logList(v.log, 400));
            right.appendChild(el("h2", null, "Cards released"));
            v.cards.slice().reverse().forEach((c) => {
              const box = cardBox(c);
              box.appendChild(el("div", "meta", "to " + (c.to.length ? c.to.join(", ") : "no one (ground truth only)")));
              if (c.tearline) box.appendChild(el("p", "meta", "tearline (" + (c.tearline.marking || "unmarked") + "): " + c.tearline.text));
              right.appendChild(box);
            });
            root.append(left, middle, right);
          }

          function renderBoard(v) {
            const left = section("Exercise", "clock-board");
            left.appendChild(el("div", "big", "Turn " + v.turn + " / " + v.turns));
            left.appendChild(el("div", "time", v.scenario + " · " + v.clock));
            if (v.finished) left.appendChild(el("div", "big", "ENDEX"));
            if (v.missions) {
              left.appendChild(el("h2", null, "Missions · availability " + Math.round(v.availability / 10) + "%"));
              v.missions.forEach((m) => { const t = el("div", "tile"); t.appendChild(el("span", null, m.name + ": ")); t.appendChild(el("strong", "level-" + m.level, m.level)); left.appendChild(t); });
            }
            left.appendChild(el("h2", null, "Decisions used this turn"));
            const act = el("table");
            v.activity.forEach((a) => { const tr = el("tr"); tr.appendChild(el("td", null, a.name)); tr.appendChild(el("td", "num", a.used + " of " + a.capacity)); act.appendChild(tr); });
            left.appendChild(act);
            const right = section(v.scores ? "Scores" : "Cards released", "board-cards");
            if (v.scores) {
              const t = el("table");
              v.scores.forEach((s) => { const tr = el("tr"); tr.appendChild(el("td", null, s.team)); tr.appendChild(el("td", "num", s.score === null ? "—" : s.score)); t.appendChild(tr); });
              right.appendChild(t);
              right.appendChild(el("h2", null, "Cards released"));
            }
            const t = el("table");
            v.cards.slice(v.scores ? -5 : -10).reverse().forEach((c) => { const tr = el("tr"); tr.appendChild(el("td", null, "T" + c.turn)); tr.appendChild(el("td", null, c.id)); tr.appendChild(el("td", null, c.title || c.marking)); tr.appendChild(el("td", "muted", c.to.join(" "))); t.appendChild(tr); });
            right.appendChild(t);
            if (v.heads.length) {
              right.appendChild(el("h2", null, "Chain heads"));
              const h = el("table");
              v.heads.slice(v.scores ? -3 : -5).reverse().forEach((x) => { const tr = el("tr"); tr.appendChild(el("td", null, "turn " + x.turn)); tr.appendChild(el("td", null, x.head)); h.appendChild(tr); });
              right.appendChild(h);
            }
            root.append(left, right);
          }

          function render() {
            const v = view;
            document.documentElement.dataset.role = v.team ? "team" : v.role;
            document.getElementById("seat-name").textContent = v.team ? v.team + " — " + v.teamName : v.role === "board" ? v.title : v.role + " seat";
            document.getElementById("clock").textContent = v.title + " · turn " + v.turn + " of " + v.turns + (v.open ? " (open)" : "") + " · " + v.scenario + " (" + v.clock + ")" + (v.finished ? " · ENDEX" : "");
            // What the user was doing survives the refresh: the focused field and its caret,
            // every field's text and every list's choice.
            const active = document.activeElement;
            const focused = active && active.id ? { id: active.id, start: active.selectionStart, end: active.selectionEnd } : null;
            const kept = {};
            root.querySelectorAll("input[id], select[id], select[data-verb]").forEach((e) => { kept[e.id || "verb-" + e.dataset.verb] = e.value; });
            root.replaceChildren();
            if (v.team) renderTeam(v);
            else if (v.role === "board") renderBoard(v);
            else renderWhite(v, v.role === "evaluator");
            root.querySelectorAll("input[id], select[id], select[data-verb]").forEach((e) => {
              const key = e.id || "verb-" + e.dataset.verb;
              if (key in kept && (e.tagName !== "SELECT" || Array.from(e.options).some((o) => o.value === kept[key]))) e.value = kept[key];
            });
            if (focused && document.getElementById(focused.id)) {
              const e = document.getElementById(focused.id);
              e.focus();
              if (typeof focused.start === "number" && e.setSelectionRange) e.setSelectionRange(focused.start, focused.end);
            }
          }

          // The stream reconnects by itself; when it cannot, the page says why: the seat's code
          // was replaced (back to the join page, saying so) or the server is not answering.
          let source = null;
          function listen() {
            const status = document.getElementById("connection");
            source = new EventSource("/api/events");
            source.addEventListener("open", () => { status.textContent = "live"; status.className = "connection live"; });
            source.addEventListener("change", () => refresh());
            source.addEventListener("error", async () => {
              status.className = "connection";
              try {
                const response = await fetch("/api/view", { credentials: "same-origin" });
                if (response.status === 401) { location.assign("/#signed-out"); return; }
                status.textContent = "reconnecting…";
              } catch (e) {
                status.textContent = "the seat server is not answering (stopped, or restarting) — retrying";
              }
              if (source.readyState === EventSource.CLOSED) setTimeout(listen, 3000);
            });
          }

          document.getElementById("leave").addEventListener("click", async () => { await post("/api/leave", {}, csrf); location.assign("/"); });
          refresh().then(listen);
        })();
        """#
}
