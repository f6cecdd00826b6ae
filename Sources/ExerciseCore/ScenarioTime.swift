/// Calendar arithmetic for scenario times, without Foundation (so it is the same everywhere).
public enum ScenarioTime {
    /// Year, month, day, hour, minute of a count of minutes since 1970-01-01T00:00 (in
    /// whatever offset the minutes are counted).
    public static func civil(_ minutes: Int) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int) {
        let days = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440
        let minuteOfDay = minutes - days * 1440
        // Civil from days (Howard Hinnant's algorithm), exact for the proleptic Gregorian calendar.
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d, minuteOfDay / 60, minuteOfDay % 60)
    }

    /// A duration for people: `1h 30m`, `45m`, `2d 3h`, `0m`; `—` for none.
    public static func durationText(_ minutes: Int?) -> String {
        guard let m = minutes else { return "—" }
        if m == 0 { return "0m" }
        var parts: [String] = []
        if m >= 1440 { parts.append("\(m / 1440)d") }
        if m % 1440 >= 60 { parts.append("\(m % 1440 / 60)h") }
        if m % 60 > 0 { parts.append("\(m % 60)m") }
        return parts.joined(separator: " ")
    }

    /// Minutes after the start written as the language writes them: `+HH:MM` (hours may exceed 24).
    public static func offsetText(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return "+" + (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// UTC RFC 3339 timestamp with milliseconds, as STIX wants: `2026-11-24T00:30:00.000Z`.
    public static func utcTimestamp(_ x: Exercise, minute: Int) -> String {
        let c = civil(x.start.minutesFromEpoch + minute)
        return "\(c.year)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):00.000Z"
    }

    /// Local scenario time in the start's offset: `2026-11-24 09:30 +09:00`.
    public static func local(_ x: Exercise, minute: Int) -> String {
        let off = x.start.utcOffsetMinutes
        let c = civil(x.start.minutesFromEpoch + minute + off)
        let sign = off < 0 ? "-" : "+"
        return "\(c.year)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)) \(sign)\(two(abs(off) / 60)):\(two(abs(off) % 60))"
    }
}
