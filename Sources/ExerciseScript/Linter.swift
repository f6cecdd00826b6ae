import ExerciseCore

/// Warnings about an exercise that checks clean but will not play as its author means:
/// what can never happen, what no team can do, what no one will notice. Advisory: an
/// exercise may have good reasons for any of them.
public enum ExerciseLinter {
    public static func lint(_ result: CheckResult) -> [Diagnostic] {
        guard let x = result.exercise else { return [] }
        var out: [Diagnostic] = []
        let places = Places(result.sourceMap, x)
        let domainOf = x.assets.map { x.segments[$0.segment].domain }
        let players = x.teams.indices.filter { x.teams[$0].role == .blue || x.teams[$0].role == .ally }
        func authority(_ t: Int, _ d: Int) -> Bool { x.hasAuthority(t, inDomain: d) }

        // Injects that can never fire: a fixpoint over what can happen at all.
        var canFire = x.injects.map { $0.trigger == .manual || { if case .time = $0.trigger { return true } else { return false } }($0) }
        var touched = [Bool](repeating: false, count: x.assets.count)
        var compromisable = [Bool](repeating: false, count: x.assets.count)
        var changed = true
        while changed {
            changed = false
            for (i, inject) in x.injects.enumerated() where canFire[i] {
                for e in inject.effects {
                    if !touched[e.asset] { touched[e.asset] = true; changed = true }
                    if e.kind.compromises, !compromisable[e.asset] { compromisable[e.asset] = true; changed = true }
                }
            }
            for (i, inject) in x.injects.enumerated() where !canFire[i] {
                guard case .condition(let conditions, _) = inject.trigger else { continue }
                let possible = conditions.allSatisfy { c in
                    switch c.subject {
                    case .inject(let j):
                        if c.predicate == .released { return canFire[j] }
                        return canFire[j] && x.injects[j].effects.contains { $0.kind.compromises }
                    case .asset(let a):
                        return c.predicate == .down ? touched[a] : compromisable[a]
                    case .actor:
                        return true  // any team may attribute
                    }
                }
                if possible { canFire[i] = true; changed = true }
            }
        }
        for (i, inject) in x.injects.enumerated() where !canFire[i] {
            out.append(places.inject(i, .neverFires,
                "inject '\(inject.id)' can never be released: its condition waits on something no inject can cause; release it by hand or change the condition"))
        }

        for (i, inject) in x.injects.enumerated() {
            // Effects with no expectation about their asset (coverage).
            let expectedAssets = Set(inject.expectations.compactMap { e -> Int? in
                switch e.action {
                case .detect(let a), .contain(let a), .restore(let a): return a
                default: return nil
                }
            })
            // An exfiltration is scored whatever the expectations say (stolen data).
            for (k, effect) in inject.effects.enumerated() where !expectedAssets.contains(effect.asset) && effect.kind != .exfiltrate {
                out.append(places.effect(i, k, .effectWithoutExpectation,
                    "no expectation of '\(inject.id)' is about '\(x.assets[effect.asset].id)'; the umpire will not score the response to this \(effect.kind.rawValue)"))
            }
            // Compromises nothing can reveal: no sensor, and no team may hunt there.
            for (k, effect) in inject.effects.enumerated() where effect.kind.compromises {
                let a = effect.asset
                let segment = x.segments[x.assets[a].segment]
                if segment.sensorPerMille == 0, !players.contains(where: { authority($0, segment.domain) }) {
                    out.append(places.effect(i, k, .undetectable,
                        "nothing can reveal the compromise of '\(x.assets[a].id)': segment '\(segment.id)' has no sensors and no team may hunt in domain '\(x.domains[segment.domain].id)'"))
                }
            }
            for (n, e) in inject.expectations.enumerated() {
                let ref = "\(inject.id).\(n + 1)"
                switch e.action {
                case .detect(let a), .contain(let a), .restore(let a):
                    let d = domainOf[a]
                    if let t = e.team, x.teams[t].role != .white, !authority(t, d) {
                        out.append(places.expectation(i, n, .noAuthority,
                            "\(ref) expects '\(x.teams[t].id)' to \(e.action.verb) '\(x.assets[a].id)', but it has no authority in domain '\(x.domains[d].id)'; it needs a grant"))
                    } else if e.team == nil, !players.contains(where: { authority($0, d) }) {
                        out.append(places.expectation(i, n, .noAuthority,
                            "no team has authority in domain '\(x.domains[d].id)' to \(e.action.verb) '\(x.assets[a].id)' (\(ref)); only exercise control can act there"))
                    }
                    if case .restore = e.action {
                        let rebuild = x.assets[a].restoreMinutes * (x.assets[a].backups ? 1 : 2)
                        if e.withinMinutes < rebuild {
                            out.append(places.expectation(i, n, .targetTooShort,
                                "\(ref) expects '\(x.assets[a].id)' restored within \(ValueSyntax.durationLiteral(e.withinMinutes)), but its rebuild alone takes \(ValueSyntax.durationLiteral(rebuild))"))
                        }
                    }
                case .share(let to):
                    let senders = e.team.map { [$0] } ?? inject.recipients
                    let channels = x.channels.filter { c in senders.contains(c.from) && c.to == to }
                    if channels.isEmpty {
                        out.append(places.expectation(i, n, .noChannel,
                            "\(ref) expects a share with '\(x.teams[to].id)', but no channel leads there from \(senders.isEmpty ? "anyone holding the card" : senders.map { "'\(x.teams[$0].id)'" }.joined(separator: " or "))"))
                    } else if x.refusal(toRelease: inject.marking, of: i, to: to) != nil {
                        // Only the card's tearline can go: is there one the receiver may hold?
                        guard let tearline = inject.tearline, inject.marking.allowsTearline,
                              x.refusal(toRelease: tearline.marking, of: i, to: to) == nil else {
                            let why = inject.tearline == nil ? "it has no tearline" : "its tearline is marked '\(inject.tearline!.marking.text)'"
                            out.append(places.expectation(i, n, .shareNeverReleasable,
                                "\(ref) can never be met: '\(inject.id)' is marked '\(inject.marking.text)', which '\(x.teams[to].id)' may not receive, and \(why)"))
                            continue
                        }
                        let fastest = channels.map(\.latencyMinutes).min() ?? 0
                        let delay = tearline.delayMinutes ?? x.tearlineMinutes
                        let needed = delay + fastest
                        let message = needed > e.withinMinutes
                            ? "\(ref) cannot be met: '\(inject.id)' is marked '\(inject.marking.text)', so it needs a tearline (\(ValueSyntax.durationLiteral(delay))) and the channel (\(ValueSyntax.durationLiteral(fastest))): \(ValueSyntax.durationLiteral(needed)) > \(ValueSyntax.durationLiteral(e.withinMinutes))"
                            : "\(ref) needs a tearline: '\(inject.id)' is marked '\(inject.marking.text)', which '\(x.teams[to].id)' may not receive"
                        out.append(places.expectation(i, n, needed > e.withinMinutes ? .shareTooSlow : .needsTearline, message))
                    }
                case .judged:
                    break
                }
                if case .time(let m) = inject.trigger, m + e.withinMinutes > x.lengthMinutes {
                    out.append(places.expectation(i, n, .dueAfterEnd,
                        "\(ref) is due at \(ValueSyntax.offsetText(m + e.withinMinutes)), after the exercise ends (\(ValueSyntax.offsetText(x.lengthMinutes)))"))
                }
            }
        }

        out += missingLanguages(x, places)

        // Turns where the actions a team is expected to take exceed what it can decide.
        var load: [Int: [Int: (count: Int, inject: Int)]] = [:]  // team → turn → expected actions
        for (i, inject) in x.injects.enumerated() {
            guard case .time(let m) = inject.trigger else { continue }
            let turn = x.turn(containing: m)
            for e in inject.expectations {
                if case .judged = e.action { continue }
                let team: Int?
                switch e.action {
                case .detect(let a), .contain(let a), .restore(let a): team = e.team ?? RunState.owner(of: a, in: x)
                default: team = e.team ?? inject.recipients.first
                }
                guard let t = team, x.teams[t].role != .white else { continue }
                let current = load[t, default: [:]][turn] ?? (0, i)
                load[t, default: [:]][turn] = (current.count + 1, current.inject)
            }
        }
        for t in load.keys.sorted() {
            for turn in load[t]!.keys.sorted() {
                let (count, i) = load[t]![turn]!
                if count > x.teams[t].capacity {
                    out.append(places.inject(i, .overCapacity,
                        "in turn \(turn), '\(x.teams[t].id)' is expected to take \(count) actions but can decide \(x.teams[t].capacity) per turn"))
                }
            }
        }
        return out.sortedByLocation()
    }

    /// Cards not written in the language of a recipient, and free-text tasks not in the
    /// language of the team that answers them (`missing-language`).
    static func missingLanguages(_ x: Exercise, _ places: Places) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (i, inject) in x.injects.enumerated() {
            for language in Language.allCases where language != x.language {
                let readers = inject.recipients.filter { x.language(ofTeam: $0) == language }
                guard !readers.isEmpty else { continue }
                let t = inject.translation(language)
                var lines: [String] = []
                if t?.title == nil { lines.append("title \(language.rawValue) \"…\"") }
                if !inject.text.isEmpty, t?.text == nil { lines.append("text \(language.rawValue) \"…\"") }
                if inject.tearline != nil, t?.tearline == nil { lines.append("tearline \(language.rawValue) \"…\"") }
                guard !lines.isEmpty else { continue }
                let who = readers.map { "'\(x.teams[$0].id)'" }.joined(separator: ", ")
                out.append(places.inject(i, .missingLanguage,
                    "inject '\(inject.id)' goes to \(who), which \(readers.count == 1 ? "reads" : "read") '\(language.rawValue)', but its card has no \(lines.map { "'\($0)'" }.joined(separator: ", "))"))
            }
            for (n, e) in inject.expectations.enumerated() where e.action.isJudged {
                let answering = e.team.map { [$0] } ?? inject.recipients
                for language in Language.allCases where language != x.language {
                    let readers = answering.filter { x.language(ofTeam: $0) == language }
                    guard !readers.isEmpty, inject.translation(language)?.tasks[e.number] == nil else { continue }
                    out.append(places.expectation(i, n, .missingLanguage,
                        "\(inject.id).\(e.number) is answered by \(readers.map { "'\(x.teams[$0].id)'" }.joined(separator: ", ")), which \(readers.count == 1 ? "reads" : "read") '\(language.rawValue)', but its task has no '\(language.rawValue) \"…\"' after it"))
                }
            }
        }
        return out
    }

    /// Where to point a warning, from the checker's source map: an inject's id; an effect's
    /// asset (a spread's keyword, which names two); an expectation's `expect`.
    struct Places {
        var injectToken: [Token?] = []
        var effectTokens: [[Token]] = []
        var expectTokens: [[Token]] = []

        init(_ map: SourceMap, _ x: Exercise) {
            for i in x.injects.indices {
                injectToken.append(i < map.injects.count ? map.injects[i] : nil)
                let effects = i < map.effects.count ? map.effects[i] : []
                effectTokens.append(zip(effects, x.injects[i].effects).map { place, effect in
                    effect.kind == .spread ? place.field : place.subject
                })
                expectTokens.append((i < map.expectations.count ? map.expectations[i] : []).map(\.field))
            }
        }

        func at(_ token: Token?, _ code: Diagnostic.Code, _ message: String) -> Diagnostic {
            guard let token else { return Diagnostic(.warning, code, message, at: SourceLocation(line: 1, column: 1)) }
            return .warning(code, message, at: token)
        }
        func inject(_ i: Int, _ code: Diagnostic.Code, _ message: String) -> Diagnostic { at(injectToken[i], code, message) }
        func effect(_ i: Int, _ k: Int, _ code: Diagnostic.Code, _ message: String) -> Diagnostic {
            at(k < effectTokens[i].count ? effectTokens[i][k] : injectToken[i], code, message)
        }
        func expectation(_ i: Int, _ n: Int, _ code: Diagnostic.Code, _ message: String) -> Diagnostic {
            at(n < expectTokens[i].count ? expectTokens[i][n] : injectToken[i], code, message)
        }
    }
}
