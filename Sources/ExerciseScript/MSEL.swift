import ExerciseCore

/// Master Scenario Events List spreadsheets: export an exercise as an HSEEP MSEL (or a
/// simpler "blueprint" layout) and import the MSELs people keep as an exercise file that
/// `cdx check` accepts. See Documentation/MSEL.md.
public enum MSEL {
    public enum Layout: String, CaseIterable, Sendable {
        /// HSEEP MSEL columns, one row per inject and per expected action.
        case hseep
        /// The CISA Tabletop Exercise Package layout: #, Time, Event, Source, Recipient, Description, Expected Action.
        case blueprint
    }

    /// What a column means, whatever its header says.
    public enum Field: String, CaseIterable, Sendable {
        case number, time, type, title, mode, from, to, message, response, objective, controller, notes, technique, target
    }

    public static func columns(_ layout: Layout) -> [(header: String, field: Field)] {
        switch layout {
        case .hseep:
            return [
                ("Event Number", .number), ("Designated Scenario Time", .time), ("Event Type", .type), ("Title", .title),
                ("Inject Mode", .mode), ("From", .from), ("To", .to), ("Message", .message),
                ("Expected Participant Response", .response), ("Exercise Objective", .objective),
                ("Responsible Controller", .controller), ("Notes", .notes), ("ATT&CK Technique", .technique),
                ("Due Within", .target),
            ]
        case .blueprint:
            return [
                ("#", .number), ("Time", .time), ("Event", .title), ("Source", .from), ("Recipient", .to),
                ("Description", .message), ("Expected Action", .response),
            ]
        }
    }

    static let injectType = "Inject", contingencyType = "Contingency Inject", expectedType = "Expected Action"
    /// The Inject Mode of a card nobody receives: an adversary action that happens in the
    /// ground truth, which the players learn of only by detecting it.
    static let groundTruthMode = "ground-truth"
    /// The columns that have a column per language: "Title (ja)", "Message (ja)", "Expected Participant Response (ja)".
    static let translatedFields: [Field] = [.title, .message, .response]

    // MARK: - Export

    /// The MSEL rows (header first) of an exercise, in file order: each inject, then its expected actions.
    public static func rows(_ x: Exercise, layout: Layout = .hseep) -> [[String]] {
        let columns = columns(layout)
        // A Title, Message and Expected Action column per other language the cards are in,
        // after the layout's own: "Title (ja)". The layout's columns are in the exercise's language.
        let languages = Language.allCases.filter { l in l != x.language && x.injects.contains { $0.translation(l) != nil } }
        let translated = languages.flatMap { l in
            columns.filter { translatedFields.contains($0.field) }.map { (header: "\($0.header) (\(l.rawValue))", field: $0.field, language: l) }
        }
        var out: [[String]] = [columns.map(\.header) + translated.map(\.header)]
        let controller = responsibleController(x)
        for inject in x.injects {
            let time = timeCell(inject, in: x)
            var notes: [String] = []
            if inject.marking != .unrestricted { notes.append("Marking: " + inject.marking.text) }
            let (to, mode) = audience(inject, in: x)
            var values: [Field: String] = [
                .number: inject.id, .time: time, .type: inject.trigger == .manual ? contingencyType : injectType,
                .title: inject.title, .mode: mode,
                .from: inject.sender ?? inject.actor.map { x.actors[$0].name } ?? "",
                .to: to, .message: inject.text, .controller: controller, .notes: notes.joined(separator: "\n"),
                .technique: inject.techniques.joined(separator: "; "),
            ]
            out.append(columns.map { values[$0.field] ?? "" } + translated.map { c in
                let t = inject.translation(c.language)
                return (c.field == .title ? t?.title : c.field == .message ? t?.text : nil) ?? ""
            })
            for e in inject.expectations {
                let target = "within " + ValueSyntax.durationLiteral(e.withinMinutes)
                let response = describe(e.action, in: x)
                values = [
                    .number: "\(inject.id).\(e.number)", .time: time, .type: expectedType,
                    .to: e.team.map { x.teams[$0].name } ?? "",
                    .response: layout == .blueprint ? "\(response) (\(target))" : response,
                    .objective: e.objective.map { "\(x.objectives[$0].id): \(x.objectives[$0].text)" } ?? "",
                    .target: target,
                ]
                out.append(columns.map { values[$0.field] ?? "" } + translated.map { c in
                    c.field == .response ? inject.translation(c.language)?.tasks[e.number] ?? "" : ""
                })
            }
        }
        return out.map { $0.map(guardFormula) }
    }

    /// The Designated Scenario Time cell: `T+02:30`; for a condition trigger the conditions
    /// and the earliest time, `when sup-app compromised, from T+08:00`; empty for a contingency.
    static func timeCell(_ inject: Inject, in x: Exercise) -> String {
        switch inject.trigger {
        case .time(let m): return timeText(m)
        case .manual: return ""
        case .condition(let conditions, let m):
            let parts = conditions.map { c -> String in
                let subject: String
                switch c.subject {
                case .inject(let i): subject = x.injects[i].id
                case .asset(let a): subject = x.assets[a].id
                case .actor(let a): subject = x.actors[a].id
                }
                return "\(subject) \(c.predicate.rawValue)"
            }
            return "when " + parts.joined(separator: " and ") + ", from " + timeText(m)
        }
    }

    /// The To and Inject Mode cells of an inject row. A card nobody receives (an adversary
    /// action in the ground truth) is shown going to the team the engine alerts for each
    /// asset it touches (`RunState.owner`), by mode `ground-truth`: that is who has to notice
    /// it. Without such a team (no effects), it goes to the white cell, which holds the card.
    static func audience(_ inject: Inject, in x: Exercise) -> (to: String, mode: String) {
        if !inject.recipients.isEmpty {
            return (inject.recipients.map { x.teams[$0].name }.joined(separator: "; "), inject.method ?? "")
        }
        var teams: [Int] = []
        for effect in inject.effects {
            if let t = RunState.owner(of: effect.asset, in: x), !teams.contains(t) { teams.append(t) }
        }
        if teams.isEmpty { teams = x.teams.indices.filter { x.teams[$0].role == .white } }
        let names = teams.isEmpty ? "Exercise Control" : teams.map { x.teams[$0].name }.joined(separator: "; ")
        return (names, inject.method ?? groundTruthMode)
    }

    /// The Responsible Controller cell of every inject row: the white cell (the exercise's
    /// first `role white` team), which releases contingency injects and plays every outside
    /// sender and the adversary; `Exercise Control` when the exercise declares none.
    static func responsibleController(_ x: Exercise) -> String {
        x.teams.first { $0.role == .white }?.name ?? "Exercise Control"
    }

    /// A cell that starts with `=`, `+`, `-` or `@` is a formula to Excel and LibreOffice,
    /// which run it when the file is opened (CSV injection, CWE-1236): an exercise text such
    /// as `=HYPERLINK(…)` or `-2+3` must stay text. Such a cell is written with a leading
    /// apostrophe, the spreadsheets' own "this is text" mark; so is a cell that already
    /// starts with apostrophes before one of those, so that `unguardFormula` can undo it
    /// exactly and export → import → export stays the same.
    public static func guardFormula(_ cell: String) -> String {
        needsGuard(cell) ? "'" + cell : cell
    }

    /// The import's inverse of `guardFormula`: one leading apostrophe is dropped where the
    /// export would have added it.
    public static func unguardFormula(_ cell: String) -> String {
        cell.hasPrefix("'") && needsGuard(String(cell.dropFirst())) ? String(cell.dropFirst()) : cell
    }

    static func needsGuard(_ cell: String) -> Bool {
        var rest = Substring(cell)
        while rest.first == "'" { rest = rest.dropFirst() }
        guard let first = rest.first else { return false }
        return first == "=" || first == "+" || first == "-" || first == "@"
    }

    /// The MSEL as CSV text (RFC 4180, CRLF line ends, a BOM when asked for Excel).
    public static func export(_ x: Exercise, layout: Layout = .hseep, bom: Bool = false) -> String {
        CSV.write(rows(x, layout: layout), bom: bom)
    }

    static func describe(_ action: Expectation.Action, in x: Exercise) -> String {
        switch action {
        case .detect(let a): return "Detect the compromise of \(x.assets[a].name) (\(x.assets[a].id))"
        case .contain(let a): return "Contain \(x.assets[a].name) (\(x.assets[a].id))"
        case .restore(let a): return "Restore \(x.assets[a].name) (\(x.assets[a].id))"
        case .share(let t): return "Share the inject's information with \(x.teams[t].name)"
        case .judged(let text): return text
        }
    }

    /// `T+HH:MM`: a scenario offset Excel keeps as text (a bare `+02:30` it would turn into a time of day).
    public static func timeText(_ minutes: Int) -> String { "T" + ValueSyntax.offsetText(minutes) }

    // MARK: - Scenario times

    /// Reads a scenario time as MSELs write it, in minutes from the exercise start:
    /// `T+2:30`, `T+02:30`, `T+1h30m`, `+02:30`, `D+1 H+3 M+45`, `H+2`, or a clock time
    /// (`09:30`, `9:30 AM`, `14:05:00`) counted from `startClock` (minutes after
    /// midnight), on the next day when it is earlier than the start.
    public static func parseTime(_ raw: String, startClock: Int) -> Int? {
        let s = raw.uppercased().filter { $0 != " " && $0 != "\t" && $0 != "\n" && $0 != "\r" }
        guard !s.isEmpty, s.count <= 40 else { return nil }
        // `T+2` alone is OpenAEV's: T counts hours there, as H does.
        if s.hasPrefix("T+") { return elapsed(String(s.dropFirst(2))) ?? dhm(s) }
        if s.hasPrefix("+") { return elapsed(String(s.dropFirst())) }
        if s.hasPrefix("D+") || s.hasPrefix("J+") || s.hasPrefix("H+") || s.hasPrefix("M+") { return dhm(s) }
        return clock(s).map { ($0 - startClock + 1440) % 1440 }
    }

    /// `2:30`, `02:30`, `26:15`, `02:30:00`, or a duration `1h30m` / `90m`.
    static func elapsed(_ s: String) -> Int? {
        if let d = ValueSyntax.duration(s.lowercased()) { return d }
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isDigitASCII) }),
              parts[0].count <= 4, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]), m < 60 else { return nil }
        if parts.count == 3 { guard parts[2].count == 2, parts[2] == "00" else { return nil } }
        return h * 60 + m
    }

    /// `D+1H+3M+45` (spaces already removed): days, hours and minutes, each at most once, in that
    /// order; OpenAEV also writes days as `J` (jour) and hours as `T`.
    static func dhm(_ s: String) -> Int? {
        var total = 0, rank = 4
        var rest = Substring(s)
        while !rest.isEmpty {
            let unit = rest.first!
            let (r, factor): (Int, Int)
            switch unit {
            case "D", "J": (r, factor) = (3, 1440)
            case "H", "T": (r, factor) = (2, 60)
            case "M": (r, factor) = (1, 1)
            default: return nil
            }
            guard r < rank else { return nil }
            rank = r
            rest = rest.dropFirst()
            guard rest.first == "+" else { return nil }
            rest = rest.dropFirst()
            let digits = rest.prefix(while: \.isDigitASCII)
            guard !digits.isEmpty, digits.count <= 5, let n = Int(digits) else { return nil }
            total += n * factor
            rest = rest.dropFirst(digits.count)
            if rest.first == "," { rest = rest.dropFirst() }
        }
        return total
    }

    /// A time of day in minutes after midnight: `09:30`, `9:30`, `09:30:00`, `9:30AM`, `2:15PM`, `0930`.
    static func clock(_ raw: String) -> Int? {
        var s = Substring(raw)
        var meridiem: String?
        if s.hasSuffix("AM") || s.hasSuffix("PM") {
            meridiem = String(s.suffix(2))
            s = s.dropLast(2)
        }
        var h = 0, m = 0
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 1, s.count == 4, s.allSatisfy(\.isDigitASCII), meridiem == nil {
            h = Int(s.prefix(2)) ?? 99
            m = Int(s.suffix(2)) ?? 99
        } else {
            guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isDigitASCII) }),
                  parts[0].count <= 2, parts[1].count == 2 else { return nil }
            if parts.count == 3 { guard parts[2] == "00" else { return nil } }
            h = Int(parts[0]) ?? 99
            m = Int(parts[1]) ?? 99
        }
        if let meridiem {
            guard (1...12).contains(h) else { return nil }
            h = h % 12 + (meridiem == "PM" ? 12 : 0)
        }
        guard h < 24, m < 60 else { return nil }
        return h * 60 + m
    }

    /// A target time: `within 1h`, `1h30m`, `90m`, `90 min`, `2 hours`, `1:30`, `(within 2h)`.
    public static func parseTarget(_ raw: String) -> Int? {
        var s = raw.lowercased().trimmed(of: " \t\n()")
        if s.hasPrefix("within") { s = String(s.dropFirst(6)).trimmed(of: " \t") }
        if s.hasPrefix("t+") || s.hasPrefix("+") { s = String(s.drop { $0 == "t" || $0 == "+" }) }
        let compact = s.filter { $0 != " " }
        if let d = ValueSyntax.duration(compact), d > 0 { return d }
        if compact.contains(":"), let d = elapsed(compact), d > 0 { return d }
        let digits = compact.prefix(while: \.isDigitASCII)
        guard !digits.isEmpty, digits.count <= 6, let n = Int(digits), n > 0 else { return nil }
        switch compact.dropFirst(digits.count) {
        case "min", "mins", "minute", "minutes": return n
        case "hr", "hrs", "hour", "hours": return n * 60
        case "day", "days": return n * 1440
        default: return nil
        }
    }

    /// A target written in an expected action's own words: the duration after the first
    /// `within` that has one, as in "Report to the CERT within 30 minutes" or "within 1h.".
    public static func targetInText(_ text: String) -> Int? {
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\n" }).map { String($0).trimmed(of: ".,;:!?()[]\"'") }
        for i in words.indices where words[i] == "within" && i + 1 < words.count {
            if let t = parseTarget(words[i + 1]) { return t }
            if i + 2 < words.count, let t = parseTarget(words[i + 1] + " " + words[i + 2]) { return t }
        }
        return nil
    }

    // MARK: - Import

    public struct ImportOptions: Sendable {
        /// `nil` reads any known headers; a layout also requires that layout's key columns.
        public var layout: Layout?
        /// `HH:MM` (a clock time; the date is a placeholder) or an instant `2026-11-24T09:00+09:00`.
        public var start: String
        /// The exercise title; when empty, the sheet's title row gives it, else `fallbackTitle`.
        public var title: String
        /// The title when neither `title` nor a title row gives one (the CLI passes the file's name).
        public var fallbackTitle: String
        /// The language of the columns without a language after their name ("Title"); a
        /// column "Title (ja)" is the title in Japanese.
        public var language: Language
        public init(layout: Layout? = nil, start: String = "09:00", title: String = "", fallbackTitle: String = "Imported MSEL",
                    language: Language = .en) {
            self.layout = layout
            self.start = start
            self.title = title
            self.fallbackTitle = fallbackTitle
            self.language = language
        }
    }

    public struct ImportResult: Sendable {
        /// The exercise file, or nil when there were errors.
        public var text: String?
        /// Problems by spreadsheet row and column, errors and warnings, in row order.
        public var problems: [CSV.Problem]
        public var hasErrors: Bool { problems.contains(where: \.isError) }
    }

    /// The header words each field answers to (compared lower-case, spaces collapsed).
    static let synonyms: [Field: [String]] = [
        // OpenAEV's inject spreadsheet (docs "Importing injects into a Scenario", 2.0) uses
        // Timeline, Teams, Title or "Action to be taken", Subject, Content, Description,
        // Comments and "Expectation Description": they are here, beside HSEEP's and CISA's names.
        .number: ["event number", "event #", "event no", "event no.", "event id", "inject #", "inject number", "inject no",
                  "inject no.", "inject id", "#", "no", "no.", "number", "msel #", "msel number", "id", "serial", "ref"],
        .time: ["designated scenario time", "scenario time", "time", "inject time", "event time", "scheduled time",
                "delivery time", "exercise time", "msel time", "dst", "timeline", "trigger time"],
        .type: ["event type", "type", "inject type", "category", "row type"],
        .title: ["title", "event", "event title", "inject title", "subject", "event name", "inject name", "summary",
                 "headline", "action to be taken"],
        .mode: ["inject mode", "mode", "method", "delivery method", "delivery mode", "via", "means", "delivery"],
        .from: ["from", "source", "sender", "originator", "simulated sender"],
        .to: ["to", "recipient", "recipients", "player", "players", "receiver", "addressee", "responsible team", "teams", "team"],
        .message: ["message", "description", "message/description", "message / description", "event description",
                   "inject description", "inject", "details", "inject text", "message text", "content", "narrative",
                   "text", "inject message"],
        .response: ["expected participant response", "expected player response", "expected player action",
                    "expected action", "expected actions", "expected response", "expected outcome",
                    "expected player actions", "response", "player action", "player response", "expectation",
                    "expectations", "expectation description"],
        .objective: ["exercise objective", "objective", "objectives", "exercise objectives", "objective(s)"],
        .controller: ["responsible controller", "responsible controllers", "controller responsible", "responsible controller(s)"],
        .notes: ["notes", "note", "remarks", "comments", "controller notes", "comment"],
        .technique: ["att&ck technique", "att&ck", "attack technique", "att&ck techniques", "technique", "techniques",
                     "mitre att&ck", "att&ck id", "ttp", "ttps", "att&ck technique(s)"],
        .target: ["due within", "due in", "target", "target time", "within", "time limit", "deadline"],
    ]

    static func normalizedHeader(_ s: String) -> String {
        var t = s.lowercased().replacing("_", with: " ")
        t = t.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        while let last = t.last, last == ":" || last == "*" { t.removeLast() }
        return t.trimmed(of: " ")
    }

    /// "Title (ja)": a column of `translatedFields` in a language, as the header's field and
    /// the code in brackets (which may be no language cdx knows).
    static func translatedColumn(_ header: String) -> (field: Field, code: String)? {
        let h = normalizedHeader(header)
        guard h.hasSuffix(")"), let open = h.lastIndex(of: "("), open > h.startIndex else { return nil }
        let code = String(h[h.index(after: open)..<h.index(before: h.endIndex)]).trimmed(of: " ")
        guard let f = field(forHeader: String(h[..<open])), translatedFields.contains(f), !code.isEmpty else { return nil }
        return (f, code)
    }

    static func field(forHeader header: String) -> Field? {
        let h = normalizedHeader(header)
        guard !h.isEmpty else { return nil }
        for f in Field.allCases where synonyms[f]?.contains(h) == true { return f }
        return nil
    }

    /// Imports MSEL bytes as an exercise file.
    public static func importCSV(bytes: [UInt8], options: ImportOptions = ImportOptions()) -> ImportResult {
        var importer = Importer(options: options)
        return importer.run(bytes)
    }

    public static func importCSV(text: String, options: ImportOptions = ImportOptions()) -> ImportResult {
        importCSV(bytes: Array(text.utf8), options: options)
    }
}



// MARK: - The importer

/// Reads MSEL rows into injects and writes an exercise file; one instance per import.
struct Importer {
    typealias Field = MSEL.Field
    let options: MSEL.ImportOptions
    var problems: [CSV.Problem] = []
    /// The exercise title: `--title`, else the sheet's title row, else the fallback.
    var title = ""
    /// The Responsible Controller cells of the inject rows, in row order.
    var controllers: [String] = []

    init(options: MSEL.ImportOptions) { self.options = options }

    struct PendingExpectation {
        var text: String
        /// The task in other languages, from "Expected Participant Response (ja)".
        var translations: [Language: String] = [:]
        var within: Int?
        var team: String?
        var objective: String?
    }

    struct PendingInject {
        var id: String
        var row: Int
        var title: String
        var text: String
        var minute: Int?
        var manual: Bool
        var mode: String?
        var from: String?
        var to: [String] = []
        var techniques: [String] = []
        var marking: String?
        var conditions: [(subject: String, predicate: Condition.Predicate)] = []
        var notesColumn = 1
        var notes: [String] = []
        var todos: [String] = []
        var expectations: [PendingExpectation] = []
        /// Title and text in other languages, from "Title (ja)" and "Message (ja)".
        var titles: [Language: String] = [:]
        var texts: [Language: String] = [:]
    }

    enum Kind { case inject, contingency, expected }

    mutating func error(_ row: Int, _ column: Int, _ message: String) {
        problems.append(CSV.Problem(row: row, column: column, message: message, isError: true))
    }
    mutating func warning(_ row: Int, _ column: Int, _ message: String) {
        problems.append(CSV.Problem(row: row, column: column, message: message, isError: false))
    }

    func finish(_ text: String?) -> MSEL.ImportResult {
        let sorted = problems.enumerated().sorted {
            ($0.element.row, $0.element.column, $0.offset) < ($1.element.row, $1.element.column, $1.offset)
        }.map(\.element)
        return MSEL.ImportResult(text: sorted.contains(where: \.isError) ? nil : text, problems: sorted)
    }

    /// The start instant to write and its clock time (minutes after midnight), or nil when malformed.
    func start() -> (text: String, clock: Int, placeholder: Bool)? {
        let s = options.start.trimmed(of: " ")
        if let clock = MSEL.clock(s.uppercased().filter { $0 != " " }) {
            let h = clock / 60, m = clock % 60
            let hh = (h < 10 ? "0" : "") + String(h), mm = (m < 10 ? "0" : "") + String(m)
            return ("2026-01-01T\(hh):\(mm)Z", clock, true)
        }
        guard ValueSyntax.instant(s) != nil else { return nil }
        let u = Array(s.utf8)
        let clock = (Int(u[11] - 0x30) * 10 + Int(u[12] - 0x30)) * 60 + Int(u[14] - 0x30) * 10 + Int(u[15] - 0x30)
        return (s, clock, false)
    }

    /// Cell text with line ends as LF, other control characters as spaces, trimmed.
    static func clean(_ s: String) -> String {
        var out = ""
        var previousCR = false
        for u in s.unicodeScalars {
            if u == "\r" {
                out += "\n"
                previousCR = true
                continue
            }
            if u == "\n" {
                if !previousCR { out += "\n" }
            } else if u == "\t" {
                out += " "
            } else if u.value < 0x20 || u.value == 0x7F || (u.value >= 0x80 && u.value < 0xA0) || u.value == 0xFEFF {
                out += " "
            } else {
                out.unicodeScalars.append(u)
            }
            previousCR = false
        }
        return out.trimmed(of: " \n")
    }

    static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: { $0 == "\n" || $0 == " " }).joined(separator: " ")
    }

    /// A comment row: the first cell starts with '#' that is not followed by a letter or digit ("#3" is row three).
    static func isComment(_ first: String) -> Bool {
        guard first.hasPrefix("#") else { return false }
        guard let next = first.dropFirst().first else { return true }
        return !(next.isASCII && (next.isLetter || next.isNumber))
    }

    /// A lower-case identifier made from free text: `Cyber Defense Command (JCDC)` → `cyber-defense-command-jcdc`.
    static func slug(_ s: String, limit: Int = 40) -> String {
        var out = ""
        for ch in s.lowercased().unicodeScalars {
            if (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9") {
                out.unicodeScalars.append(ch)
            } else if !out.isEmpty && !out.hasSuffix("-") {
                out += "-"
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        if out.count > limit {
            out = String(out.prefix(limit))
            while out.hasSuffix("-") { out.removeLast() }
        }
        return out
    }

    /// A short team identifier: an acronym in parentheses (`(JCDC)`), else an upper-case first
    /// word (`GSDF Cyber Protection Unit`), else the name's first words.
    static func teamSlug(_ name: String) -> String {
        if let open = name.lastIndex(of: "("), let close = name.lastIndex(of: ")"), open < close {
            let inner = name[name.index(after: open)..<close]
            if !inner.contains(" "), inner.count <= 12, !slug(String(inner)).isEmpty { return slug(String(inner)) }
        }
        if let first = name.split(separator: " ").first, first.count >= 2, first.count <= 12,
           first.allSatisfy({ ($0 >= "A" && $0 <= "Z") || $0.isDigitASCII }) {
            return slug(String(first))
        }
        return slug(name, limit: 24)
    }

    /// Whether a team named in the To column is the exercise control (white) cell.
    static func isWhite(_ name: String) -> Bool {
        let l = name.lowercased()
        return ["white", "exercise control", "excon", "controller", "simcell", "simulation cell"].contains { l.contains($0) }
    }

    /// Whether a row above the header is a classification banner rather than a title:
    /// a marking cdx reads, or the words such banners use.
    static func isBanner(_ cell: String) -> Bool {
        if case .success = ValueSyntax.releasability(cell) { return true }
        let u = cell.uppercased()
        return ["CLASSIFIED", "SECRET", "FOUO", "TLP:", "TLP ", "EXERCISE ONLY", "CUI", "CONFIDENTIAL"].contains { u.contains($0) }
    }

    /// The exercise title from the rows above the header: the first that holds one cell and
    /// is not a classification banner, without a trailing "Master Scenario Events List" or "MSEL".
    static func sheetTitle(_ rows: ArraySlice<CSV.Row>) -> String? {
        for row in rows where !row.isBlank && !isComment(row.fields.first?.trimmed(of: " \t") ?? "") {
            let cells = row.fields.map { oneLine(clean($0)) }.filter { !$0.isEmpty }
            guard cells.count == 1, !isBanner(cells[0]) else { continue }
            var t = cells[0]
            for suffix in ["master scenario events list", "master scenario event list", "msel"] where t.lowercased().hasSuffix(suffix) {
                t = String(t.dropLast(suffix.count))
                while let last = t.last, " —–-:|".contains(last) { t.removeLast() }
                break
            }
            return t.isEmpty ? cells[0] : t
        }
        return nil
    }

    /// Reads the words of a trigger, `when ID PREDICATE [and ID PREDICATE]…`, as the
    /// export writes them in the time cell (and once wrote them in Notes); nil and a message
    /// when they cannot be read (`written` is the text to quote in it).
    static func conditions(_ words: [String], written: String) -> (conditions: [(subject: String, predicate: Condition.Predicate)], error: String?) {
        guard words.first?.lowercased() == "when", words.count >= 3 else {
            return ([], "cannot read the trigger '\(written)'; write 'when ID PREDICATE [and ID PREDICATE]'")
        }
        var found: [(subject: String, predicate: Condition.Predicate)] = []
        var i = 1
        while i + 1 < words.count {
            guard let predicate = Condition.Predicate(rawValue: words[i + 1].lowercased()), ValueSyntax.isIdentifier(words[i]) else {
                let list = Condition.Predicate.allCases.map(\.rawValue).joined(separator: ", ")
                return ([], "cannot read the condition '\(words[i]) \(words[i + 1])' in '\(written)'; a condition is an inject or asset ID and one of \(list)")
            }
            found.append((words[i], predicate))
            i += 2
            if i < words.count, words[i].lowercased() == "and" { i += 1 } else { break }
        }
        if i < words.count {
            return ([], "unexpected '\(words[i...].joined(separator: " "))' in the trigger '\(written)'; the time comes from the time column")
        }
        return (found, nil)
    }

    static func headline(_ text: String) -> String {
        let first = text.split(separator: "\n").first.map(String.init) ?? text
        guard first.count > 80 else { return first }
        var cut = String(first.prefix(77))
        if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
        return cut + "…"
    }

    static func names(_ cell: String) -> [String] {
        cell.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == "\n" }).map { oneLine(String($0)) }.filter { !$0.isEmpty }
    }

    mutating func run(_ bytes: [UInt8]) -> MSEL.ImportResult {
        guard let start = start() else {
            error(1, 1, "cannot read the start '\(options.start)'; give a clock time such as 09:00 or an instant such as 2026-11-24T09:00+09:00")
            return finish(nil)
        }
        let document = CSV.read(bytes: bytes, separator: CSV.sniffSeparator(bytes))
        problems += document.problems
        if problems.contains(where: \.isError) { return finish(nil) }

        // The header: the first row naming at least two known columns (title rows above it are skipped).
        guard let headerIndex = document.rows.firstIndex(where: { row in
            Set(row.fields.compactMap(MSEL.field(forHeader:))).count >= 2
        }) else {
            error(document.rows.first(where: { !$0.isBlank })?.number ?? 1, 1,
                  "no header row: expected a row naming columns such as 'Event Number', 'Designated Scenario Time' and 'Message' (or '#', 'Time', 'Event')")
            return finish(nil)
        }
        let header = document.rows[headerIndex]
        let explicit = Self.oneLine(options.title)
        title = !explicit.isEmpty ? explicit : Self.sheetTitle(document.rows[..<headerIndex]) ?? Self.oneLine(options.fallbackTitle)
        if title.isEmpty { title = "Imported MSEL" }
        var columnOf: [Field: Int] = [:]
        var ignored: [String] = []
        var translatedOf: [Language: [Field: Int]] = [:]
        for (c, h) in header.fields.enumerated() {
            if MSEL.field(forHeader: h) == nil, let (f, code) = MSEL.translatedColumn(h) {
                guard let language = Language(rawValue: code) else {
                    let known = Language.allCases.map(\.rawValue).joined(separator: ", ")
                    warning(header.number, c + 1, "column '\(Self.oneLine(h))' is in language '\(code)', which cdx does not know (it knows \(known)); it is ignored")
                    continue
                }
                if language == options.language, columnOf[f] == nil {
                    columnOf[f] = c
                } else if language == options.language || translatedOf[language]?[f] != nil {
                    warning(header.number, c + 1, "column '\(Self.oneLine(h))' repeats another column of the same meaning and language; it is ignored")
                } else {
                    translatedOf[language, default: [:]][f] = c
                }
                continue
            }
            if let f = MSEL.field(forHeader: h) {
                if let first = columnOf[f] {
                    warning(header.number, c + 1, "column '\(Self.oneLine(h))' means the same as column \(first + 1) ('\(Self.oneLine(header.fields[first]))'); it is ignored")
                } else {
                    columnOf[f] = c
                }
            } else if !Self.clean(h).isEmpty {
                ignored.append(Self.oneLine(Self.clean(h)))
            }
        }
        if let layout = options.layout {
            let key: [Field] = layout == .hseep ? [.number, .time, .type, .message] : [.number, .time, .title, .message]
            for f in key where columnOf[f] == nil {
                let name = MSEL.columns(layout).first { $0.field == f }?.header ?? f.rawValue
                error(header.number, 1, "the header has no '\(name)' column, which the \(layout.rawValue) layout needs (use --layout auto to read any known columns)")
            }
        }
        if columnOf[.time] == nil {
            error(header.number, 1, "the header has no time column ('Designated Scenario Time', 'Scenario Time' or 'Time')")
        }
        if columnOf[.title] == nil && columnOf[.message] == nil {
            error(header.number, 1, "the header has neither a 'Title' nor a 'Message' column, so the injects would have no text")
        }
        if problems.contains(where: \.isError) { return finish(nil) }

        var injects: [PendingInject] = []
        var firstRowOf: [String: Int] = [:]
        for row in document.rows[(headerIndex + 1)...] {
            if row.isBlank { continue }
            if Self.isComment(row.fields.first?.trimmed(of: " \t") ?? "") { continue }
            func cell(_ f: Field) -> String {
                guard let c = columnOf[f], c < row.fields.count else { return "" }
                return MSEL.unguardFormula(Self.clean(row.fields[c]))
            }
            func col(_ f: Field) -> Int { (columnOf[f] ?? 0) + 1 }
            /// The cells of `f` in the other languages, non-empty ones only.
            func translatedCells(_ f: Field) -> [(language: Language, text: String, column: Int)] {
                Language.allCases.compactMap { l in
                    guard let c = translatedOf[l]?[f], c < row.fields.count else { return nil }
                    let text = MSEL.unguardFormula(Self.clean(row.fields[c]))
                    return text.isEmpty ? nil : (l, text, c + 1)
                }
            }

            let type = cell(.type).lowercased()
            let kind: Kind
            if type.contains("expect") || type.contains("response") || type.contains("action") {
                kind = .expected
            } else if type.contains("contingen") || type.contains("manual") || type.contains("as required") {
                kind = .contingency
            } else if !type.isEmpty {
                kind = .inject
            } else if cell(.title).isEmpty && cell(.message).isEmpty {
                kind = .expected
            } else {
                kind = cell(.time).isEmpty ? .contingency : .inject
            }
            let number = cell(.number).trimmed(of: "# ")

            if kind == .expected {
                var parent = injects.indices.last
                if let dot = number.lastIndex(of: "."), let i = injects.firstIndex(where: { $0.id == String(number[..<dot]) }) {
                    parent = i
                }
                guard let p = parent else {
                    error(row.number, columnOf[.number] != nil ? col(.number) : 1,
                          "an expected action comes before any inject; put it below the inject it answers")
                    continue
                }
                guard let expectation = expectation(row: row.number, text: cell(.response).isEmpty ? cell(.message) : cell(.response),
                                                    textColumn: cell(.response).isEmpty ? col(.message) : col(.response),
                                                    target: cell(.target), targetColumn: col(.target),
                                                    to: cell(.to), objective: cell(.objective)) else { continue }
                var translated = expectation
                for t in translatedCells(.response) { translated.translations[t.language] = t.text }
                injects[p].expectations.append(translated)
                continue
            }

            // An inject or contingency inject.
            var id = number
            if id.isEmpty {
                id = "R\(row.number)"
            } else if !ValueSyntax.isIdentifier(id) {
                let made = Self.slug(id)
                let replacement = made.isEmpty ? "R\(row.number)" : made
                warning(row.number, col(.number), "event number '\(Self.oneLine(id))' is not an identifier; the inject is called '\(replacement)'")
                id = replacement
            }
            if let previous = firstRowOf[id] {
                error(row.number, col(.number), "event number '\(id)' is already used on row \(previous)")
                continue
            }
            firstRowOf[id] = row.number

            var title = Self.oneLine(cell(.title))
            let text = cell(.message)
            if title.isEmpty && text.isEmpty {
                error(row.number, columnOf[.message] != nil ? col(.message) : col(.title), "inject '\(id)' has neither a title nor a message")
                continue
            }
            if title.isEmpty { title = Self.headline(text) }

            var minute: Int?
            var timeCell = cell(.time)
            var timeConditions: [(subject: String, predicate: Condition.Predicate)] = []
            if timeCell.lowercased().hasPrefix("when ") {
                // "when sup-app compromised, from T+08:00": a conditional trigger and its earliest time.
                let written = Self.oneLine(timeCell)
                var when = written
                timeCell = ""
                let pieces = written.split(separator: ",", omittingEmptySubsequences: false)
                if pieces.count >= 2, let last = pieces.last.map({ String($0).trimmed(of: " ") }), last.lowercased().hasPrefix("from ") {
                    when = pieces.dropLast().joined(separator: ",")
                    timeCell = String(last.dropFirst(5))
                }
                let read = Self.conditions(when.split(separator: " ").map(String.init), written: written)
                if let message = read.error {
                    error(row.number, col(.time), message)
                    continue
                }
                timeConditions = read.conditions
                if timeCell.isEmpty { minute = 0 }
            }
            if !timeCell.isEmpty {
                guard let m = MSEL.parseTime(timeCell, startClock: start.clock), m < 10000 * 60 else {
                    error(row.number, col(.time), "cannot read '\(Self.oneLine(timeCell))' as a scenario time; write T+HH:MM, +HH:MM, D+1 H+3 M+45 or a clock time such as 09:30")
                    continue
                }
                minute = m
            } else if kind == .inject && timeConditions.isEmpty {
                error(row.number, col(.time), "inject '\(id)' has no scenario time; leave it empty only for a Contingency Inject")
                continue
            }
            var inject = PendingInject(id: id, row: row.number, title: title, text: text, minute: minute, manual: kind == .contingency)
            for t in translatedCells(.title) { inject.titles[t.language] = Self.oneLine(t.text) }
            var textless = false
            for t in translatedCells(.message) {
                if text.isEmpty {
                    error(row.number, t.column, "inject '\(id)' has a message in '\(t.language.rawValue)' but none in the sheet's language ('\(options.language.rawValue)'); fill its Message cell too")
                    textless = true
                }
                inject.texts[t.language] = t.text
            }
            if textless { continue }
            if kind == .contingency, let m = minute {
                inject.todos.append("the sheet gives \(MSEL.timeText(m)) for this contingency inject; the white cell releases it by hand ('white release \(id)')")
            }
            // One word of the language: no spaces, quotes or comment marks, and no arrow
            // ("e->mail"), which the lexer reads as a token of its own.
            let mode = Self.slug(cell(.mode), limit: 64).isEmpty ? "" : cell(.mode).split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: "-")
                .filter { $0 != "\"" && $0 != "#" }.split(separator: "->", omittingEmptySubsequences: false).joined(separator: "-")
            if !mode.isEmpty { inject.mode = mode }
            let from = Self.oneLine(cell(.from))
            if !from.isEmpty { inject.from = from }
            inject.to = Self.names(cell(.to))
            var badTechnique = false
            for t in cell(.technique).split(whereSeparator: { " ,;/\n".contains($0) }) {
                let id = t.uppercased()
                if ValueSyntax.isTechnique(id) {
                    if !inject.techniques.contains(id) { inject.techniques.append(id) }
                } else {
                    error(row.number, col(.technique), "'\(t)' is not an ATT&CK technique ID; write T1566 or T1566.001")
                    badTechnique = true
                }
            }
            if badTechnique { continue }
            inject.notesColumn = col(.notes)
            var badNote = false
            for note in cell(.notes).split(separator: "\n").map({ String($0).trimmed(of: " ") }) where !note.isEmpty {
                let lower = note.lowercased()
                if lower.hasPrefix("trigger:") {
                    let read = Self.conditions(note.dropFirst(8).split(separator: " ").map(String.init), written: note)
                    if let message = read.error {
                        error(row.number, col(.notes), message)
                        badNote = true
                        break
                    }
                    if !timeConditions.isEmpty {
                        error(row.number, col(.notes), "the trigger is both in the time cell and in Notes ('\(note)'); keep one")
                        badNote = true
                        break
                    }
                    inject.conditions += read.conditions
                } else if lower.hasPrefix("marking:") {
                    let marking = String(note.dropFirst(8)).trimmed(of: " ")
                    switch ValueSyntax.releasability(marking) {
                    case .success: inject.marking = marking
                    case .failure(let e):
                        error(row.number, col(.notes), e.message)
                        badNote = true
                    }
                } else {
                    inject.notes.append(note)
                }
            }
            if badNote { continue }
            inject.conditions = timeConditions + inject.conditions
            if !inject.conditions.isEmpty && inject.manual {
                error(row.number, col(.notes), "a contingency inject is released by hand; it cannot also have a trigger")
                continue
            }
            if !cell(.response).isEmpty,
               var e = expectation(row: row.number, text: cell(.response), textColumn: col(.response), target: cell(.target),
                                   targetColumn: col(.target),
                                   to: Self.names(cell(.to)).first ?? "", objective: cell(.objective)) {
                for t in translatedCells(.response) { e.translations[t.language] = t.text }
                inject.expectations.append(e)
            }
            controllers.append(Self.oneLine(cell(.controller)))
            injects.append(inject)
        }
        if injects.isEmpty && !problems.contains(where: \.isError) {
            error(header.number, 1, "no injects below the header")
        }
        guard let file = generate(injects, start: start, ignored: ignored) else { return finish(nil) }
        let text = ExerciseFormatter.format(file)
        let check = ExerciseChecker.check(text: text)
        // Only trigger cycles should get here; place whatever does at the row of its inject:
        // the inject statement of the generated file that holds the finding's line.
        for d in check.diagnostics where d.severity == .error {
            var row = 1, column = 1
            let statement = check.syntax.statements.last { $0.head.number <= d.location.line }
            if let st = statement, st.keyword.isWord("inject"), st.head.tokens.count > 1,
               let found = injects.first(where: { $0.id == st.head.tokens[1].text }) {
                row = found.row
                column = found.notesColumn
            }
            error(row, column, "the imported exercise does not check: \(d.message)")
        }
        return finish(text)
    }

    mutating func expectation(row: Int, text raw: String, textColumn: Int, target: String, targetColumn: Int,
                              to: String, objective: String) -> PendingExpectation? {
        var text = raw
        var within: Int?
        if !target.isEmpty {
            guard let t = MSEL.parseTarget(target) else {
                error(row, targetColumn, "cannot read the target '\(Self.oneLine(target))'; write 'within 1h', '90m' or '2 hours'")
                return nil
            }
            within = t
        } else if text.hasSuffix(")"), let open = text.lastIndex(of: "("),
                  text[open...].lowercased().contains("within"), let t = MSEL.parseTarget(String(text[open...])) {
            // The blueprint layout's "… (within 2h)": the target, not part of the task.
            within = t
            text = String(text[..<open]).trimmed(of: " \n")
        } else if let t = MSEL.targetInText(text) {
            // "Report to the CERT within 30 minutes": the task says its own target, and keeps it.
            within = t
        }
        guard !text.isEmpty else {
            error(row, textColumn, "an expected action without text; say what the players are expected to do")
            return nil
        }
        let team = Self.names(to).first
        return PendingExpectation(text: text, within: within, team: team, objective: objective.isEmpty ? nil : Self.oneLine(objective))
    }

    /// The exercise file as statements, for `ExerciseFormatter` to print in the canonical
    /// layout (so `cdx fmt` leaves it unchanged); nil when the injects have errors.
    mutating func generate(_ injects: [PendingInject], start: (text: String, clock: Int, placeholder: Bool), ignored: [String]) -> SyntaxFile? {
        let injectIDs = Set(injects.map(\.id))

        // Teams, in order of first mention.
        var teamNames: [String] = []
        var teamOf: [String: String] = [:]  // lower-cased name -> id
        var usedTeamIDs: Set<String> = []
        for inject in injects {
            for name in inject.to + inject.expectations.compactMap(\.team) where teamOf[name.lowercased()] == nil {
                var base = Self.isWhite(name) ? "white" : Self.teamSlug(name)
                if base.isEmpty { base = "team" }
                var id = base, n = 2
                while usedTeamIDs.contains(id) {
                    id = "\(base)-\(n)"
                    n += 1
                }
                usedTeamIDs.insert(id)
                teamOf[name.lowercased()] = id
                teamNames.append(name)
            }
        }

        // Assets named by trigger conditions that are not injects.
        var assets: [String] = []
        // Actors named by 'attributed' conditions.
        var actors: [String] = []
        for inject in injects {
            for c in inject.conditions where c.predicate.appliesToActors {
                if injectIDs.contains(c.subject) {
                    error(inject.row, inject.notesColumn, "'\(c.predicate.rawValue)' applies to actors, not to inject '\(c.subject)'")
                } else if !actors.contains(c.subject) {
                    actors.append(c.subject)
                }
            }
            for c in inject.conditions where !c.predicate.appliesToActors && !injectIDs.contains(c.subject) && !assets.contains(c.subject) {
                if !c.predicate.appliesToAssets {
                    error(inject.row, inject.notesColumn, "'\(c.subject) \(c.predicate.rawValue)': no inject '\(c.subject)' in this sheet, and '\(c.predicate.rawValue)' applies to injects only")
                    continue
                }
                assets.append(c.subject)
            }
            for c in inject.conditions where injectIDs.contains(c.subject) && !c.predicate.appliesToInjects && !c.predicate.appliesToActors {
                error(inject.row, inject.notesColumn, "'\(c.predicate.rawValue)' applies to assets, not to inject '\(c.subject)'")
            }
        }

        // Objectives: "O1: text", "O1" (an ID has a digit), or free text (numbered O1, O2, … in order).
        var objectiveIDs: [String] = []
        var objectiveText: [String: String] = [:]
        var objectiveOf: [String: String] = [:]  // cell -> id
        var freeTexts: [String] = []
        for cell in injects.flatMap({ $0.expectations.compactMap(\.objective) }) where objectiveOf[cell] == nil {
            if let colon = cell.firstIndex(of: ":") {
                let id = String(cell[..<colon]).trimmed(of: " ")
                let text = String(cell[cell.index(after: colon)...]).trimmed(of: " ")
                if ValueSyntax.isIdentifier(id), id.count <= 16, id.contains(where: \.isDigitASCII) {
                    if objectiveText[id] == nil {
                        objectiveIDs.append(id)
                        objectiveText[id] = text.isEmpty ? id : text
                    }
                    objectiveOf[cell] = id
                    continue
                }
            }
            if ValueSyntax.isIdentifier(cell), cell.count <= 16, cell.contains(where: \.isDigitASCII) {
                if objectiveText[cell] == nil {
                    objectiveIDs.append(cell)
                    objectiveText[cell] = cell
                }
                objectiveOf[cell] = cell
                continue
            }
            if !freeTexts.contains(cell) { freeTexts.append(cell) }
        }
        var next = 1
        for text in freeTexts {
            if let existing = objectiveIDs.first(where: { objectiveText[$0] == text }) {
                objectiveOf[text] = existing
                continue
            }
            while objectiveText["O\(next)"] != nil { next += 1 }
            let id = "O\(next)"
            objectiveIDs.append(id)
            objectiveText[id] = text
            objectiveOf[text] = id
        }
        if problems.contains(where: \.isError) { return nil }

        var b = SyntaxBuilder()
        let todo = "TODO from MSEL import: "
        b.comment("Imported from an MSEL spreadsheet by 'cdx msel import'.")
        b.comment(todo + "a spreadsheet cannot say what the network is, who the adversary is or what")
        b.comment("the injects do to it. Declare segments, links, assets, missions, channels and actors, then give the")
        b.comment("adversary injects 'by ACTOR' and their effects, and turn judged expectations into detect, contain,")
        b.comment("restore or share where they are about an asset or a team.")
        if !ignored.isEmpty {
            b.comment("Columns not imported: \(ignored.joined(separator: ", ")).")
        }
        let latest = injects.compactMap(\.minute).max() ?? 0
        let turns = max(16, latest / 30 + 2)
        b.blank()
        b.statement("exercise", [.string(title)])
        b.field("style", ["tabletop"])
        b.field("marking", [.string("UNCLASSIFIED // EXERCISE ONLY")])
        b.field("start", [.word(start.text)], comment: start.placeholder ? todo + "the real date and UTC offset" : nil)
        b.field("turn", ["30m"])
        b.field("length", [.word(String(turns)), "turns"])
        b.field("attack", ["v18"])
        if options.language != .en { b.field("language", [.word(options.language.rawValue)]) }

        let blue = teamNames.filter { !Self.isWhite($0) }
        if !blue.isEmpty {
            b.blank()
            b.comment(todo + "one placeholder domain per team in the To column; set the real nations.")
            for name in blue {
                // A card may go only to teams its marking admits, so a team that receives
                // nation-marked cards gets a nation they all admit (a guess where several do).
                var admitted: [String]?
                for inject in injects where inject.to.contains(where: { $0.lowercased() == name.lowercased() }) {
                    guard let text = inject.marking, case .success(let marking) = ValueSyntax.releasability(text),
                          let list = marking.nations else { continue }
                    admitted = admitted.map { $0.filter(list.contains) } ?? list
                }
                let nation = admitted?.first ?? "XXX"
                let comment = (admitted?.count ?? 0) > 1 ? todo + "nation guessed from the markings of this team's cards; check it" : nil
                b.statement("domain", [.word(teamOf[name.lowercased()]!), .string(name), "nation", .word(nation)], comment: comment)
            }
        }
        b.blank()
        b.comment(todo + "teams from the To column; check roles and capacities.")
        var whiteDeclared = false
        for name in teamNames {
            let id = teamOf[name.lowercased()]!
            if Self.isWhite(name) {
                b.statement("team", [.word(id), .string(name), "role", "white"])
                whiteDeclared = true
            } else {
                // A card may go only to teams its marking admits: a team receiving classified
                // cards is cleared to the highest of their levels (and designated for SDS).
                var level: Releasability.Classification?
                var sds = false
                for inject in injects where inject.to.contains(where: { $0.lowercased() == name.lowercased() }) {
                    guard let text = inject.marking, case .success(let marking) = ValueSyntax.releasability(text) else { continue }
                    if let l = marking.level { level = max(level ?? l, l) }
                    sds = sds || marking.sds
                }
                var words: [SyntaxBuilder.Piece] = [.word(id), .string(name), "domain", .word(id)]
                if let level { words += ["clearance", .word(level.word)] }
                if sds { words += ["sds", "yes"] }
                b.statement("team", words, comment: level == nil ? nil : todo + "clearance from the markings of this team's cards; check it")
            }
        }
        if !whiteDeclared {
            var id = "white", n = 2
            while usedTeamIDs.contains(id) {
                id = "white-\(n)"
                n += 1
            }
            // The white cell the Responsible Controller column names, as the export writes it.
            let name = controllers.first { !$0.isEmpty && Self.isWhite($0) } ?? "Exercise Control"
            b.statement("team", [.word(id), .string(name), "role", "white"])
        }
        if !assets.isEmpty {
            var domain = "msel-network", n = 2
            while usedTeamIDs.contains(domain) {
                domain = "msel-network-\(n)"
                n += 1
            }
            b.blank()
            b.comment(todo + "placeholders for the assets trigger conditions name; put them in the real network.")
            b.statement("domain", [.word(domain), .string("TODO: the network"), "nation", "XXX"])
            b.statement("segment", [.word(domain), .string("TODO: the network"), "domain", .word(domain)])
            for asset in assets { b.statement("asset", [.word(asset), .string(asset + " (placeholder)"), "in", .word(domain)]) }
        }
        if !actors.isEmpty {
            b.blank()
            b.comment(todo + "actors that trigger conditions attribute; name them.")
            for actor in actors { b.statement("actor", [.word(actor), .string(actor + " (placeholder)")]) }
        }
        if !objectiveIDs.isEmpty {
            b.blank()
            for id in objectiveIDs { b.statement("objective", [.word(id), .string(objectiveText[id] ?? id)]) }
        }

        for inject in injects {
            b.blank()
            for note in inject.notes { b.comment("Note from the MSEL: \(note)") }
            for item in inject.todos { b.comment(todo + item) }
            if !inject.techniques.isEmpty {
                b.comment(todo + "the actor ('by ACTOR') and the effects of \(inject.techniques.joined(separator: ", ")).")
            }
            if inject.mode?.lowercased() == MSEL.groundTruthMode {
                b.comment(todo + "mode 'ground-truth': nobody receives this card; the To teams have to detect it. Once it")
                b.comment("has 'by ACTOR' and its effects, remove 'to' and 'via' so that it stays in the ground truth.")
            }
            for (n, e) in inject.expectations.enumerated() where e.within == nil {
                b.comment(todo + "expected action \(inject.id).\(n + 1) gave no target time; 1h assumed.")
            }
            var trigger: [SyntaxBuilder.Piece] = []
            if inject.manual {
                trigger = ["manual"]
            } else {
                if !inject.conditions.isEmpty {
                    trigger.append("when")
                    for (k, c) in inject.conditions.enumerated() {
                        if k > 0 { trigger.append("and") }
                        trigger += [.word(c.subject), .word(c.predicate.rawValue)]
                    }
                }
                trigger += ["at", .word(ValueSyntax.offsetText(inject.minute ?? 0))]
            }
            b.statement("inject", [.word(inject.id)] + trigger + [.string(inject.title)])
            if let from = inject.from { b.field("from", [.string(from)]) }
            if !inject.to.isEmpty {
                var ids: [String] = []
                for name in inject.to {
                    let id = teamOf[name.lowercased()]!
                    if !ids.contains(id) { ids.append(id) }
                }
                b.field("to", ids.map { .word($0) })
            }
            if let mode = inject.mode { b.field("via", [.word(mode)]) }
            if !inject.techniques.isEmpty { b.field("technique", inject.techniques.map { .word($0) }) }
            if let marking = inject.marking { b.field("marking", [.string(marking)]) }
            for (language, title) in inject.titles.sorted(by: { $0.key < $1.key }) {
                b.field("title", [.word(language.rawValue), .string(title)])
            }
            if !inject.text.isEmpty { b.field("text", [.string(inject.text)]) }
            for (language, text) in inject.texts.sorted(by: { $0.key < $1.key }) {
                b.field("text", [.word(language.rawValue), .string(text)])
            }
            for e in inject.expectations {
                var expect: [SyntaxBuilder.Piece] = [.string(e.text)]
                for (language, text) in e.translations.sorted(by: { $0.key < $1.key }) { expect += [.word(language.rawValue), .string(text)] }
                expect += ["within", .word(ValueSyntax.durationLiteral(e.within ?? 60))]
                if let team = e.team { expect += ["by", .word(teamOf[team.lowercased()]!)] }
                if let objective = e.objective, let id = objectiveOf[objective] { expect += ["objective", .word(id)] }
                b.field("expect", expect)
            }
        }
        return b.file
    }
}

extension Character {
    /// 0–9 only (Character.isNumber also accepts other scripts' digits and fractions).
    var isDigitASCII: Bool { self >= "0" && self <= "9" }
}
