import ExerciseCore

/// Readers for the value forms of the language. Each returns the value or a message
/// that the checker places at the token; none of them can trap on any text.
public enum ValueSyntax {
    /// Identifiers: a letter or digit, then letters, digits, '-' or '_'; at most 64 characters.
    public static func isIdentifier(_ text: String) -> Bool {
        let u = text.utf8
        guard let first = u.first, u.count <= 64, isAlnum(first) else { return false }
        return u.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    static func isDigits(_ s: Substring.UTF8View) -> Bool { !s.isEmpty && s.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }

    /// A small non-negative integer (no sign, at most 9 digits), or nil.
    public static func integer(_ text: String) -> Int? {
        let u = text.utf8
        guard !u.isEmpty, u.count <= 9, u.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return u.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// A duration such as `30m`, `2h`, `1h30m`, `1d`, `2d6h`: minutes, or nil when malformed.
    /// Turn counts ("2 turns") are two tokens and handled by the checker.
    public static func duration(_ text: String) -> Int? {
        var total = 0
        var number = 0
        var digits = 0
        var lastUnit = 0  // 3 = d, 2 = h, 1 = m: units must descend and appear once.
        var sawUnit = false
        for b in text.utf8 {
            if b >= 0x30 && b <= 0x39 {
                number = number * 10 + Int(b - 0x30)
                digits += 1
                if digits > 6 { return nil }
                continue
            }
            let (unit, factor): (Int, Int)
            switch b {
            case UInt8(ascii: "d"): (unit, factor) = (3, 1440)
            case UInt8(ascii: "h"): (unit, factor) = (2, 60)
            case UInt8(ascii: "m"): (unit, factor) = (1, 1)
            default: return nil
            }
            guard digits > 0, lastUnit == 0 || unit < lastUnit else { return nil }
            total += number * factor
            number = 0
            digits = 0
            lastUnit = unit
            sawUnit = true
        }
        guard sawUnit, digits == 0 else { return nil }
        return total
    }

    /// A duration as the language writes it (`1d2h30m`, `45m`, `0m`), for files and for
    /// messages that quote the language; people read `ScenarioTime.durationText` (`1d 2h 30m`).
    public static func durationLiteral(_ minutes: Int) -> String {
        if minutes == 0 { return "0m" }
        var out = ""
        let d = minutes / 1440, h = minutes % 1440 / 60, m = minutes % 60
        if d > 0 { out += "\(d)d" }
        if h > 0 { out += "\(h)h" }
        if m > 0 { out += "\(m)m" }
        return out
    }

    /// A scenario offset `+HH:MM` (hours may exceed 24): minutes, or nil.
    public static func offset(_ text: String) -> Int? {
        var u = Substring(text).utf8
        guard u.first == UInt8(ascii: "+") else { return nil }
        u = u.dropFirst()
        let parts = u.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count >= 1, parts[0].count <= 4, parts[1].count == 2,
              parts[0].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), parts[1].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else { return nil }
        let h = parts[0].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        let m = parts[1].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard m < 60 else { return nil }
        return h * 60 + m
    }

    /// Canonical `+HH:MM` text of a scenario minute.
    public static func offsetText(_ minutes: Int) -> String { ScenarioTime.offsetText(minutes) }

    /// A probability written `0.30`, `1`, `.5` or `30%`: per mille, or nil when malformed
    /// or outside 0…1 or finer than 1/1000.
    public static func probability(_ text: String) -> Int? {
        var s = Substring(text)
        if s.hasSuffix("%") {
            s = s.dropLast()
            let parts = s.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count <= 2, let whole = parts.first, whole.count <= 3,
                  whole.isEmpty || isDigits(whole.utf8) else { return nil }
            var frac = parts.count == 2 ? parts[1] : ""
            guard frac.count <= 1, frac.isEmpty || isDigits(frac.utf8), !(whole.isEmpty && frac.isEmpty) else { return nil }
            if frac.isEmpty { frac = "0" }
            let value = (Int(whole) ?? 0) * 10 + (Int(frac) ?? 0)
            return value <= 1000 ? value : nil
        }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, whole.count <= 1, whole.isEmpty || isDigits(whole.utf8) else {
            return nil
        }
        let frac = parts.count == 2 ? parts[1] : ""
        guard frac.count <= 3, frac.isEmpty || isDigits(frac.utf8), !(whole.isEmpty && frac.isEmpty) else { return nil }
        if parts.count == 2, frac.isEmpty { return nil }
        let padded = frac + String(repeating: "0", count: 3 - frac.count)
        let value = (Int(whole) ?? 0) * 1000 + (Int(padded) ?? 0)
        return value <= 1000 ? value : nil
    }

    /// Canonical text of a per-mille probability: `0.3`, `0.05`, `1`.
    public static func probabilityText(_ perMille: Int) -> String {
        if perMille >= 1000 { return "1" }
        if perMille == 0 { return "0" }
        var frac = String(perMille)
        frac = String(repeating: "0", count: 3 - frac.count) + frac
        while frac.hasSuffix("0") { frac.removeLast() }
        return "0." + frac
    }

    /// An ATT&CK technique ID: `T1234` or `T1234.001` (enterprise, mobile and ICS alike).
    public static func isTechnique(_ text: String) -> Bool { Technique(text) != nil }

    /// An ATT&CK release: `v18` or `v18.1`.
    public static func isAttackVersion(_ text: String) -> Bool {
        let u = Substring(text).utf8
        guard u.first == UInt8(ascii: "v") else { return false }
        let parts = u.dropFirst().split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    }

    /// An ISO 3166-1 alpha-3 style nation code: three capital letters.
    public static func isNation(_ text: String) -> Bool {
        let u = text.utf8
        return u.count == 3 && u.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
    }

    /// A releasability marking: parts joined by `//` — a classification (`CONFIDENTIAL`,
    /// `SECRET`, `TOP SECRET`; `UNCLASSIFIED` names none), `SDS`, a nation caveat (`REL TO JPN,
    /// USA`, `JPN ONLY`) and a TLP label (`TLP:AMBER`), each at most once, in any order.
    public static func releasability(_ text: String) -> Result<Releasability, MarkingError> {
        var marking = Releasability()
        var sawLevel = false
        let parts = text.split(separator: "//", omittingEmptySubsequences: false)
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        let usage = "use 'REL TO JPN, USA', 'JPN ONLY', 'SECRET//REL TO JPN, USA' or 'TLP:AMBER'"
        for part in parts {
            if part.isEmpty {
                return .failure(MarkingError(message: parts.count == 1 ? "empty marking; \(usage)" : "empty part in marking '\(text)': parts are joined by a single '//'"))
            }
            func twice(_ what: String) -> Result<Releasability, MarkingError> {
                .failure(MarkingError(message: "marking '\(text)' names \(what) twice"))
            }
            if let level = ["UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "TOP SECRET"].firstIndex(of: part) {
                if sawLevel { return twice("a classification") }
                sawLevel = true
                marking.level = Releasability.Classification(rawValue: level)
            } else if part == "SDS" {
                if marking.sds { return twice("SDS") }
                marking.sds = true
            } else if part.hasPrefix("TLP:") {
                if marking.tlp != nil { return twice("a TLP label") }
                let level = String(part.dropFirst(4))
                guard let tlp = Releasability.TLP(rawValue: level) else {
                    return .failure(MarkingError(message: "unknown TLP level '\(level)'; use CLEAR, GREEN, AMBER, AMBER+STRICT or RED"))
                }
                marking.tlp = tlp
            } else if part.hasPrefix("REL TO ") || part == "REL TO" {
                if marking.nations != nil { return twice("its nations") }
                let list = part.dropFirst(6).split(separator: ",").map { $0.trimmed(of: " ") }.filter { !$0.isEmpty }
                guard !list.isEmpty else { return .failure(MarkingError(message: "'REL TO' needs at least one nation")) }
                for nation in list where !isNation(nation) {
                    return .failure(MarkingError(message: "'\(nation)' is not a nation code; use three capital letters such as JPN or USA"))
                }
                marking.nations = Array(Set(list)).sorted()
            } else if part.hasSuffix(" ONLY") {
                if marking.nations != nil { return twice("its nations") }
                let nation = String(part.dropLast(5))
                guard isNation(nation) else {
                    return .failure(MarkingError(message: "'\(nation)' is not a nation code; use three capital letters such as JPN"))
                }
                marking.nations = [nation]
            } else {
                let what = parts.count == 1 ? "releasability marking" : "part '\(part)' in marking"
                return .failure(MarkingError(message: "unknown \(what) '\(parts.count == 1 ? text : part)'; \(usage)"))
            }
        }
        if marking.tlp != nil, marking.level != nil {
            return .failure(MarkingError(message: "marking '\(text)' is classified and carries a TLP label: TLP is for unclassified information; a classified marking says who may hold it with 'REL TO' or 'ONLY'"))
        }
        if marking.sds, marking.level == nil {
            return .failure(MarkingError(message: "SDS marks classified information; write its level first, as in 'SECRET//SDS//JPN ONLY'"))
        }
        return .success(marking)
    }

    public struct MarkingError: Error, Equatable, Sendable { public var message: String }

    /// An ISO 8601 instant with minutes and an offset: `2026-11-24T09:00+09:00`,
    /// `2026-11-24T09:00:00Z`. Returns minutes since 1970 UTC and the written offset.
    public static func instant(_ text: String) -> (minutes: Int, offset: Int)? {
        let u = Array(text.utf8)
        func num(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= u.count, u[r].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return u[r].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        guard u.count >= 17, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"), u[10] == UInt8(ascii: "T"),
              u[13] == UInt8(ascii: ":"),
              let year = num(0..<4), let month = num(5..<7), let day = num(8..<10), let hour = num(11..<13),
              let minute = num(14..<16) else { return nil }
        var i = 16
        if u[i] == UInt8(ascii: ":") {
            guard let second = num(17..<19), second < 60 else { return nil }
            i = 19
        }
        guard i < u.count else { return nil }
        var offset = 0
        if u[i] == UInt8(ascii: "Z") {
            guard i + 1 == u.count else { return nil }
        } else if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") {
            guard u.count == i + 6, u[i + 3] == UInt8(ascii: ":"), let oh = num(i + 1..<i + 3), let om = num(i + 4..<i + 6),
                  oh <= 14, om < 60 else { return nil }
            offset = (oh * 60 + om) * (u[i] == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        guard (1970...9999).contains(year), (1...12).contains(month), hour < 24, minute < 60 else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day >= 1, day <= lengths[month - 1] else { return nil }
        // Days from civil (Howard Hinnant's algorithm), exact for the proleptic Gregorian calendar.
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return (days * 1440 + hour * 60 + minute - offset, offset)
    }
}

extension StringProtocol {
    /// The text without the given characters at either end: `trimmed(of: " \t")`.
    func trimmed(of set: String) -> String {
        var s = self[...]
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
