/// The white cell's changes to the script during play (`inject`, `delay`, `advance`,
/// `cancel`): each is an applied decision in the journal, and the exercise a session plays
/// is the file's with those decisions applied in order. Replaying a journal applies them at
/// the same steps, so replay, scoring and reports see the exercise as it was played, and
/// the file's digest still matches (the file never changes).
extension Exercise {
    /// The exercise after an applied decision; unchanged for decisions that do not change the script.
    public func amended(by verb: Decision.Verb) -> Exercise {
        var x = self
        switch verb {
        case .inject(let added):
            x.injects.append(added.value.inject)
        case .delay(let i, let m), .advance(let i, let m):
            switch x.injects[i].trigger {
            case .time: x.injects[i].trigger = .time(minute: m)
            case .condition(let conditions, _): x.injects[i].trigger = .condition(conditions, notBefore: m)
            case .manual: break
            }
        case .cancel(let i):
            x.injects[i].trigger = .manual
        default:
            break
        }
        return x
    }
}

extension RunState {
    /// Makes room for injects added to the exercise during play (their state starts empty:
    /// not released, held by nobody).
    public mutating func makeRoom(for x: Exercise) {
        let old = injects.count, new = x.injects.count
        guard new > old else { return }
        injects += Array(repeating: InjectState(), count: new - old)
        holders += Array(repeating: 0, count: new - old)
        tearlineHolders += Array(repeating: 0, count: new - old)
        // Laid out team by team (`team * injects + inject`): each team's row grows.
        var exchanges: [UInt64] = []
        exchanges.reserveCapacity(new * x.teams.count)
        for t in 0..<x.teams.count {
            exchanges += cardExchanges[(t * old)..<(t * old + old)]
            exchanges += Array(repeating: 0, count: new - old)
        }
        cardExchanges = exchanges
    }
}

/// What became of one inject's place in the script during play, for the After-Action
/// Report and the white cell: added, moved (from where to where) or cancelled, and when.
public struct ScriptChange: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case added
        case moved(from: Int?, to: Int)
        case cancelled(from: Int?)
    }
    public var inject: Int
    public var kind: Kind
    /// The turn and minute of the decision.
    public var turn: Int
    public var minute: Int

    /// Every change the applied decisions of `events` made, in order, with the minute each
    /// moved inject was due before (read off the exercise as it stood, folded forward).
    /// `x` is the exercise as played (the file's with every change applied); withdrawn
    /// decisions (`withdrawn`, seqs) are left out.
    public static func all(in events: [Event], file: Exercise, withdrawn: Set<Int>) -> [ScriptChange] {
        var x = file
        var out: [ScriptChange] = []
        for e in events where !withdrawn.contains(e.seq) {
            guard case .decision(let d, nil) = e.kind, d.verb.amendsScript else { continue }
            switch d.verb {
            case .inject: out.append(ScriptChange(inject: x.injects.count, kind: .added, turn: e.turn, minute: e.minute))
            case .delay(let i, let m), .advance(let i, let m):
                out.append(ScriptChange(inject: i, kind: .moved(from: x.injects[i].trigger.earliestMinute, to: m), turn: e.turn, minute: e.minute))
            case .cancel(let i):
                out.append(ScriptChange(inject: i, kind: .cancelled(from: x.injects[i].trigger.earliestMinute), turn: e.turn, minute: e.minute))
            default: break
            }
            x = x.amended(by: d.verb)
        }
        return out
    }
}
