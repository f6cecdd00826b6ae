import ExerciseCore

/// Tab completion at the console, by the word's place in the line: a command or a team
/// first; after a team its verbs; then what each verb takes — assets, segments, injects,
/// expectations (A01.2), requests (R1), C2s, credentials, emitters, actors, teams — all
/// named from the exercise being played. A pure function of the text before the cursor.
enum ConsoleCompletion {
    /// The console's own commands, as `help` lists them.
    static let commands = ["board", "edit", "help", "next", "quit", "score", "skip", "status", "undo", "view"]

    /// The words the last (partial) word of `before` may become, sorted. `requests`: the
    /// approval requests there are (R1, R2 …); `extraCommands`: a seat server's own.
    static func candidates(_ before: String, exercise x: Exercise, requests: [String] = [], extraCommands: [String] = []) -> [String] {
        var words = before.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let typed = before.last.map { $0 == " " } ?? true ? "" : words.removeLast()
        // A console line may start with its time: '+01:30 jcdc …' or 'turn 4 jcdc …'.
        if let first = words.first, first.hasPrefix("+") { words.removeFirst() }
        if words.first?.lowercased() == "turn", words.count >= 2 { words.removeFirst(2) }
        let teams = x.teams.map(\.id)
        let options: [String]
        switch words.count {
        case 0:
            // `evaluator objective O1 …`: an evaluator's observation, the white cell's.
            let evaluator = x.teams.contains { $0.role == .white } && !teams.contains("evaluator") ? ["evaluator"] : []
            options = commands + extraCommands + teams + evaluator
        case 1:
            let first = words[0].lowercased()
            if first == "view" {
                options = teams
            } else if first == "seats" {
                options = ["reissue"]
            } else if first == "skip" {
                options = ["to"]
            } else if first == "evaluator", team(words[0], x) == nil {
                options = ["objective", "expectation"]
            } else if let t = team(words[0], x) {
                options = verbs(for: x.teams[t].role)
            } else {
                options = []
            }
        default:
            if words[0].lowercased() == "evaluator", team(words[0], x) == nil {
                options = arguments(verb: words[1], after: Array(words.dropFirst(2)), x, requests: requests)
                break
            }
            guard team(words[0], x) != nil else { return [] }
            options = arguments(verb: words[1], after: Array(words.dropFirst(2)), x, requests: requests)
        }
        let folded = typed.lowercased()
        var seen = Set<String>()
        return options.filter { $0.lowercased().hasPrefix(folded) && seen.insert($0).inserted }.sorted()
    }

    private static func team(_ word: String, _ x: Exercise) -> Int? {
        x.teams.firstIndex { $0.id == word } ?? x.teams.firstIndex { $0.id.lowercased() == word.lowercased() }
    }

    /// The verbs a team of `role` is offered first: the white cell's for the white cell, the
    /// players' for the others (any verb is still accepted as typed).
    static func verbs(for role: TeamRole) -> [String] {
        let script = ["inject", "delay", "advance", "cancel"]
        let white = ["release", "judge", "note", "approve", "deny", "remove", "observe"] + script.filter(Decision.Verb.names.contains)
        switch role {
        case .white: return white
        default: return Decision.Verb.names.filter { !["release", "judge", "note", "observe"].contains($0) && !script.contains($0) }
        }
    }

    /// What may follow `verb` after the words `done` already typed.
    static func arguments(verb: String, after done: [String], _ x: Exercise, requests: [String]) -> [String] {
        let assets = x.assets.map(\.id), injects = x.injects.map(\.id), teams = x.teams.map(\.id)
        func dependencies(_ kind: Dependency.Kind) -> [String] { x.dependencies.filter { $0.kind == kind }.map(\.id) }
        switch (verb.lowercased(), done.count) {
        case ("detect", 0), ("contain", 0), ("restore", 0): return assets
        case ("detect", 1):
            // The techniques the exercise's adversary uses (the report's optional technique).
            return Array(Set(x.injects.flatMap(\.techniques))).sorted()
        case ("hunt", 0): return x.segments.map(\.id)
        case ("block", 0): return dependencies(.c2)
        case ("revoke", 0): return dependencies(.credential)
        case ("remove", 0): return dependencies(.emitter)
        case ("attribute", 0): return x.actors.map(\.id)
        case ("attribute", 1): return ["low", "moderate", "high"]
        case ("attribute", 2): return ["public"]
        case ("share", 0): return injects + assets
        case ("share", 1): return ["->"]
        case ("share", 2): return teams
        case ("tearline", 0), ("release", 0), ("delay", 0), ("advance", 0), ("cancel", 0): return injects
        case ("delay", 1), ("advance", 1): return ["by", "to"]
        case ("request", 0), ("grant", 0): return teams
        case ("request", 1), ("grant", 1): return assets
        case ("judge", 0): return x.injects.flatMap { i in i.expectations.map { "\(i.id).\($0.number)" } }
        case ("judge", 1): return ["met", "late", "missed"]
        case ("approve", 0), ("deny", 0): return requests
        // An evaluator's observation, in the EEG file's syntax.
        case ("observe", 0): return ["objective", "expectation", "evaluator"]
        case ("objective", 0): return x.objectives.map(\.id)
        case ("expectation", 0): return x.injects.flatMap { i in i.expectations.map { "\(i.id).\($0.number)" } }
        case ("objective", 1), ("expectation", 1): return ["rating", "observation", "analysis", "recommendation"]
        case ("objective", 2) where done[1] == "rating", ("expectation", 2) where done[1] == "rating": return ["P", "S", "M", "U"]
        default: return []
        }
    }
}
