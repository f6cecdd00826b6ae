import ExerciseCore
import Presentation
import Umpire

/// What one team may be given of a run at the debrief, gathered once from the journal by
/// replaying it: the cards it holds (as written, or only as their tearline), its decisions and
/// what it was told of them, its own reports, what was shared with it (with the markings the
/// shipment carried), what it was told, and the umpire's figures about it. The team-scoped
/// report (`TeamFindings`) and the team's STIX bundle are made from this and nothing else,
/// so neither can show what the team was never given (Documentation/Reports.md, "Per-team
/// outputs"). All lists are in journal order.
struct TeamRecord {
    let team: Int
    /// The team's knowledge at the end of the run (undos applied).
    let knowledge: RunState.TeamState

    /// A card the team holds at the end, as it holds it.
    struct Card {
        var inject: Int
        /// `.tearline` when the team holds only the card's releasable version.
        var version: CardVersion
        /// When it first reached the team in that version.
        var minute: Int?
        /// The team that shared it, when it came by a share; nil when released to the team.
        var sharedBy: Int?
    }
    var cards: [Card] = []

    /// One of the team's own decisions, with what the team was told of it.
    struct DecisionEntry {
        var seq: Int
        var turn: Int
        var minute: Int
        var decision: Decision
        var rejection: Rejection?
        var withdrawn: Bool
        /// What the team was told of the decision's consequences (a hunt's alerts, a share's
        /// arrival time, an undo), in order.
        var told: [String]
    }
    var decisions: [DecisionEntry] = []

    /// A report the team made itself (`detect`): what it claimed, never whether it was right.
    struct OwnReport {
        var seq: Int
        var minute: Int
        var asset: Int
        var technique: String?
        /// The injects whose markings the report carries (`RunState.reportMarks`).
        var markedBy: [Int]
        var withdrawn: Bool
    }
    var reports: [OwnReport] = []

    /// Something the team sent (a card, its tearline, or a report on an asset).
    struct Sent {
        var seq: Int
        var minute: Int
        var to: Int
        var item: Decision.Item
        var version: CardVersion
        var arrives: Int
        /// Whether the team was told it was not delivered (withheld on arrival).
        var withheld: Bool
        var withdrawn: Bool
    }
    var sent: [Sent] = []

    /// Something delivered to the team, as it was sent.
    var received: [Delivery] = []

    /// Actors whose indicators reached the team, in order of first delivery.
    var indicators: [Int] = []

    /// One event as the team was told it (`EventNarrator` with `.team(t)`), routine ones left out.
    struct Told {
        var seq: Int
        var turn: Int
        var minute: Int
        var text: String
        var card: Int?
        var version: CardVersion
        var withdrawn: Bool
    }
    var told: [Told] = []

    /// The expectations the team answers for (`Umpire.responsibleTeam`).
    var expectations: [Scorecard.ExpectationResult] = []
    /// The team's own row of the scorecard; nil for a team the umpire does not score.
    var group: Scorecard.Group?

    /// The team a viewer stands for, or nil for exercise control (the white cell, or a team
    /// whose role is white), which is given everything.
    static func scope(_ viewer: Viewer, in x: Exercise) -> Int? {
        guard case .team(let t) = viewer, x.teams.indices.contains(t), x.teams[t].role != .white else { return nil }
        return t
    }

    /// Whether the team holds card `i` as written.
    func holdsOriginal(_ i: Int) -> Bool { knowledge.injects.contains(i) }

    init(_ input: ReportInput, team t: Int) {
        let x = input.exercise
        team = t
        let withdrawn = Umpire.withdrawnEvents(input.events)
        var narrator = EventNarrator(exercise: x, viewer: .team(t))
        var arrivals: [(inject: Int, version: CardVersion, minute: Int, from: Int?)] = []
        var openDecision: Int?
        let deliveries = Delivery.all(input) { $0.to == t }
        var nextDelivery = 0
        var replay = Replay(exercise: x, seed: 0)

        for e in input.events {
            replay.apply(e)
            let gone = withdrawn.contains(e.seq)
            let told = narrator.describe(e)
            switch e.kind {
            case .decision(let d, let rejection):
                openDecision = nil
                if d.team == t {
                    openDecision = decisions.count
                    decisions.append(DecisionEntry(seq: e.seq, turn: e.turn, minute: e.minute, decision: d, rejection: rejection,
                                                   withdrawn: gone, told: []))
                }
            case .injectReleased(let i, _) where told?.card == i && !gone:
                arrivals.append((i, .original, e.minute, nil))
            case .detection(let by, let a, let technique, _) where by == t:
                reports.append(OwnReport(seq: e.seq, minute: e.minute, asset: a, technique: technique?.description,
                                         markedBy: replay.state.reportMarks(a, from: t, in: x), withdrawn: gone))
            case .sent(let from, let to, let item, let arrives, let version) where from == t:
                sent.append(Sent(seq: e.seq, minute: e.minute, to: to, item: item, version: version, arrives: arrives,
                                 withheld: false, withdrawn: gone))
            case .withheld(let to, let from?, let item, _) where from == t:
                if let k = sent.firstIndex(where: { $0.to == to && $0.item == item && !$0.withheld && !$0.withdrawn && $0.arrives <= e.minute }) {
                    sent[k].withheld = true
                }
            case .delivered(let from, let to, let item, let actor, let version) where to == t:
                if nextDelivery < deliveries.count, deliveries[nextDelivery].seq == e.seq {
                    received.append(deliveries[nextDelivery])
                    nextDelivery += 1
                }
                if case .inject(let i) = item { arrivals.append((i, version, e.minute, from)) }
                if let actor, !indicators.contains(actor) { indicators.append(actor) }
            default:
                break
            }
            // Consequences of a decision are journaled right after it, at the turn's start minute;
            // the closing events (at the turn's end) are not the decision's.
            if let k = openDecision, e.seq != decisions[k].seq {
                if e.minute != decisions[k].minute || e.turn != decisions[k].turn {
                    openDecision = nil
                } else if let told, !told.isRoutine {
                    decisions[k].told.append(told.text)
                }
            }
            if let told, !told.isRoutine {
                self.told.append(Told(seq: e.seq, turn: e.turn, minute: e.minute, text: told.text, card: told.card,
                                      version: told.cardVersion, withdrawn: gone))
            }
        }

        knowledge = replay.state.teams[t]
        let held = knowledge.injects.map { ($0, CardVersion.original) }
            + knowledge.tearlines.filter { !knowledge.injects.contains($0) }.map { ($0, CardVersion.tearline) }
        cards = held.map { i, version in
            let first = arrivals.first { $0.inject == i && $0.version == version }
            return Card(inject: i, version: version, minute: first?.minute, sharedBy: first?.from)
        }
        expectations = input.scorecard.expectations.filter { Umpire.responsibleTeam(for: $0, in: x) == t }
        group = input.scorecard.teams.first { $0.name == x.teams[t].id }
    }
}

/// One delivery of a share, as it was sent: the shipment's card version, the markings it
/// carried (the card's, its tearline's, or a report's `RunState.reportMarks` when sent) and
/// the actor whose indicators came with it. The journal's `delivered` line does not repeat
/// the markings; replaying the journal recovers them from the shipment in flight.
struct Delivery {
    var seq: Int
    var minute: Int
    var from: Int
    var to: Int
    var item: Decision.Item
    var actor: Int?
    var version: CardVersion
    var markedBy: [Int]
    /// When it was sent.
    var sentAt: Int?

    /// The marking of a delivered card, in the version delivered; nil for a report.
    func cardMarking(in x: Exercise) -> Releasability? {
        guard case .inject(let i) = item else { return nil }
        return x.marking(of: i, version)
    }

    /// Every delivery of the run that `keep` admits, in journal order.
    static func all(_ input: ReportInput, where keep: (Delivery) -> Bool = { _ in true }) -> [Delivery] {
        let x = input.exercise
        let withdrawn = Umpire.withdrawnEvents(input.events)
        var replay = Replay(exercise: x, seed: 0)
        var sentAt: [(from: Int, to: Int, item: Decision.Item, minute: Int)] = []
        var out: [Delivery] = []
        for e in input.events {
            switch e.kind {
            case .sent(let from, let to, let item, _, _) where !withdrawn.contains(e.seq):
                sentAt.append((from, to, item, e.minute))
            case .withheld(let to, let from?, let item, _):
                if let k = sentAt.firstIndex(where: { $0.from == from && $0.to == to && $0.item == item }) { sentAt.remove(at: k) }
            case .delivered(let from, let to, let item, let actor, let version):
                // The shipment the engine delivers: the first in flight between the two teams with that item.
                let shipment = replay.state.inFlight.first { $0.from == from && $0.to == to && $0.item == item }
                let marks = shipment?.markedBy ?? {
                    if case .inject(let i) = item { return [i] } else { return [] }
                }()
                let sent = sentAt.firstIndex { $0.from == from && $0.to == to && $0.item == item }
                let d = Delivery(seq: e.seq, minute: e.minute, from: from, to: to, item: item, actor: actor, version: version,
                                 markedBy: marks, sentAt: sent.map { sentAt[$0].minute })
                if let k = sent { sentAt.remove(at: k) }
                if keep(d) { out.append(d) }
            default:
                break
            }
            replay.apply(e)
        }
        return out
    }
}
