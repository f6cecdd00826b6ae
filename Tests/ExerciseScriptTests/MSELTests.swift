import ExerciseCore
import ExerciseScript
import Testing

/// Imports `text`, requires success, and checks the result with the language checker.
private func importChecked(_ bytes: [UInt8], _ options: MSEL.ImportOptions = MSEL.ImportOptions()) throws -> (text: String, exercise: Exercise) {
    let result = MSEL.importCSV(bytes: bytes, options: options)
    #expect(!result.hasErrors, "\(result.problems)")
    let text = try #require(result.text)
    let check = ExerciseChecker.check(text: text)
    #expect(!check.diagnostics.hasErrors, "\(check.diagnostics.map { "\($0.location) \($0.message)" })\n\(text)")
    // The import writes the canonical layout: 'cdx fmt' would change nothing.
    #expect(ExerciseFormatter.format(SourceText(text)) == text)
    return (text, try #require(check.exercise))
}

private func fixture(_ name: String) throws -> [UInt8] {
    try Repository.bytes("Tests/ExerciseScriptTests/Fixtures/msel/\(name)")
}

private func inject(_ x: Exercise, _ id: String) throws -> Inject {
    try #require(x.injects.first { $0.id == id })
}

@Suite("MSEL export and import")
struct MSELTests {
    // MARK: Round trips

    @Test("export, import, export gives the same HSEEP CSV for every shipped exercise", arguments: Repository.shippedExercises)
    func roundTripHSEEP(name: String) throws {
        let original = try Repository.shipped(name)
        let csv = MSEL.export(original, layout: .hseep)
        let (_, imported) = try importChecked(Array(csv.utf8), MSEL.ImportOptions(layout: .hseep, title: original.title))
        #expect(MSEL.export(imported, layout: .hseep) == csv)
        #expect(imported.injects.count == original.injects.count)
        #expect(imported.injects.map(\.expectations.count) == original.injects.map(\.expectations.count))
        #expect(imported.injects.map(\.trigger.earliestMinute) == original.injects.map(\.trigger.earliestMinute))
    }

    @Test("export, import, export gives the same blueprint CSV for every shipped exercise", arguments: Repository.shippedExercises)
    func roundTripBlueprint(name: String) throws {
        let original = try Repository.shipped(name)
        let csv = MSEL.export(original, layout: .blueprint, bom: true)
        let (_, imported) = try importChecked(Array(csv.utf8), MSEL.ImportOptions(layout: .blueprint))
        #expect(MSEL.export(imported, layout: .blueprint, bom: true) == csv)
    }

    @Test("the round trip also holds with --layout auto and for the imported file's own export")
    func roundTripTwice() throws {
        let csv = MSEL.export(try Repository.shipped("pacific-shield.exercise"))
        let first = try importChecked(Array(csv.utf8))
        let second = try importChecked(Array(MSEL.export(first.exercise).utf8))
        #expect(second.text == first.text)
    }

    @Test("cells that a spreadsheet would run as formulas are exported as text and imported back unchanged")
    func formulaCells() throws {
        var x = try Repository.shipped("harbour-and-airbase.exercise")
        let texts = ["=HYPERLINK(\"http://example.invalid\",\"open\")", "-2 hosts left, +3 found", "@once: report", "'=already marked"]
        for (k, t) in texts.enumerated() {
            x.injects[k].title = t
            x.injects[k].text = t
        }
        let csv = MSEL.export(x)
        let cells = CSV.read(csv).rows.flatMap(\.fields)
        for cell in cells {
            #expect(!(cell.first.map { "=+-@".contains($0) } ?? false), "a cell a spreadsheet would run: \(cell)")
        }
        #expect(cells.contains("'=HYPERLINK(\"http://example.invalid\",\"open\")"))
        #expect(cells.contains("''=already marked"))
        let (_, imported) = try importChecked(Array(csv.utf8), MSEL.ImportOptions(layout: .hseep, title: x.title))
        #expect(imported.injects.prefix(texts.count).map(\.title) == texts)
        #expect(imported.injects.prefix(texts.count).map(\.text) == texts)
        #expect(MSEL.export(imported) == csv)
        // Undoing the mark gives back exactly what was marked, and leaves everything else alone.
        for s in ["=a", "'=a", "''=a", "'a", "a", "", "'", "''", "-", "@x", "+1", "x=1"] {
            #expect(MSEL.unguardFormula(MSEL.guardFormula(s)) == s)
        }
        #expect(MSEL.unguardFormula("'plain") == "'plain")
    }

    // MARK: Export

    @Test("export writes the HSEEP header, one row per inject and per expected action, deterministically")
    func exportShape() throws {
        let x = try Repository.shipped("shared-vendor.exercise")
        let csv = MSEL.export(x)
        #expect(csv == MSEL.export(x))
        let rows = CSV.read(csv).rows.map(\.fields)
        #expect(rows[0] == MSEL.columns(.hseep).map(\.header))
        #expect(rows[0].starts(with: ["Event Number", "Designated Scenario Time", "Event Type"]))
        #expect(rows.count == 1 + x.injects.count + x.injects.reduce(0) { $0 + $1.expectations.count })
        #expect(rows.allSatisfy { $0.count == rows[0].count })
        #expect(csv.hasSuffix("\r\n") && !csv.hasPrefix("\u{FEFF}"))
        #expect(MSEL.export(x, bom: true).hasPrefix("\u{FEFF}"))
        let c06 = try #require(rows.first { $0[0] == "C06" })
        #expect(c06[2] == "Inject" && c06[4] == "phone" && c06[6] == "GSDF Cyber Protection Unit")
        #expect(c06[11] == "")
        #expect(c06[12] == "T1565.001")
        let expected = try #require(rows.first { $0[0] == "C06.2" })
        #expect(expected[2] == "Expected Action" && expected[13] == "within 12h")
        #expect(expected[8] == "Restore GSDF Supply Command requisition database (sup-db)")
        let x1 = try #require(rows.first { $0[0] == "X1" })
        #expect(x1[1] == "" && x1[2] == "Contingency Inject" && x1[6] == "Exercise Control (white cell); Cyber Defense Command (JCDC)")
        let c12 = try #require(rows.first { $0[0] == "C12" })
        #expect(c12[11] == "Marking: JPN ONLY")
    }

    @Test("export writes the columns as planners read them: Due Within, Responsible Controller, a trigger in its time cell")
    func exportPlannerColumns() throws {
        let rows = CSV.read(MSEL.export(try Repository.shipped("shared-vendor.exercise"))).rows.map(\.fields)
        let header = rows[0]
        #expect(!header.contains("Target"))
        #expect(header.suffix(4) == ["Responsible Controller", "Notes", "ATT&CK Technique", "Due Within"])
        func row(_ id: String) throws -> [String: String] {
            let r = try #require(rows.first { $0[0] == id })
            return Dictionary(uniqueKeysWithValues: zip(header, r))
        }
        // C06 is 'when sup-app compromised at +08:00': the trigger is in the time cell, not in Notes.
        let c06 = try row("C06")
        #expect(c06["Designated Scenario Time"] == "when sup-app compromised, from T+08:00")
        #expect(c06["Notes"] == "")
        #expect(try row("C06.1")["Designated Scenario Time"] == "when sup-app compromised, from T+08:00")
        #expect(try row("C09")["Designated Scenario Time"] == "when adm-laptop undetected, from T+14:00")
        #expect(try row("C02")["Designated Scenario Time"] == "T+01:00")
        // The white cell controls every inject; expected-action rows leave the column empty.
        #expect(try row("C02")["Responsible Controller"] == "Exercise Control (white cell)")
        #expect(try row("X1")["Responsible Controller"] == "Exercise Control (white cell)")
        #expect(try row("C02.1")["Responsible Controller"] == "")
        #expect(try row("C06.2")["Due Within"] == "within 12h")
    }

    @Test("an adversary inject nobody receives goes to the team that has to notice it, by mode ground-truth")
    func groundTruthRows() throws {
        let rows = CSV.read(MSEL.export(try Repository.shipped("shared-vendor.exercise"))).rows.map(\.fields)
        let header = rows[0]
        func row(_ id: String) throws -> [String: String] {
            let r = try #require(rows.first { $0[0] == id })
            return Dictionary(uniqueKeysWithValues: zip(header, r))
        }
        // C01 poisons the DII open management server (JCDC's), C03 the Yokota enclave (the ally's),
        // C05 the GSDF logistics servers; none has 'to'.
        #expect(try row("C01")["To"] == "Cyber Defense Command (JCDC)" && row("C01")["Inject Mode"] == "ground-truth")
        #expect(try row("C03")["To"] == "USFJ / USCYBERCOM Cyber Protection Team" && row("C03")["Inject Mode"] == "ground-truth")
        #expect(try row("C05")["To"] == "GSDF Cyber Protection Unit")
        // C04's civil operators have no team of their own: the white cell, which plays them, holds it.
        #expect(try row("C04")["To"] == "Exercise Control (white cell)" && row("C04")["Inject Mode"] == "ground-truth")
        // A card with recipients keeps its own.
        #expect(try row("C02")["To"] == "Cyber Defense Command (JCDC)" && row("C02")["Inject Mode"] == "alert")

        // Without a white team and without effects: 'Exercise Control'; the import marks the ground-truth row TODO.
        let text = """
            exercise "Small"
              start 2026-11-24T09:00+09:00
              turn 1h
              length 4 turns
            domain d "D" nation JPN
            team soc "SOC" domain d
            segment s "S" domain d
            asset srv "Server" in s
            actor apt "APT"
            inject A1 at +00:00 "Quiet foothold"
              by apt
              compromise srv
            inject A2 at +01:00 "Nothing happens"
              by apt

            """
        let x = try #require(ExerciseChecker.check(text: text).exercise)
        let csv = MSEL.export(x)
        let small = CSV.read(csv).rows.map(\.fields)
        #expect(small[1][0] == "A1" && small[1][4] == "ground-truth" && small[1][6] == "SOC" && small[1][10] == "Exercise Control")
        #expect(small[2][0] == "A2" && small[2][6] == "Exercise Control")
        let (imported, exercise) = try importChecked(Array(csv.utf8), MSEL.ImportOptions(title: "Small"))
        #expect(imported.contains("# TODO from MSEL import: mode 'ground-truth': nobody receives this card"))
        #expect(exercise.teams.map(\.name) == ["SOC", "Exercise Control"])
        #expect(MSEL.export(exercise) == csv)
    }

    @Test("the blueprint layout has seven columns and puts the target in the expected action")
    func exportBlueprint() throws {
        let rows = CSV.read(MSEL.export(try Repository.shipped("shared-vendor.exercise"), layout: .blueprint)).rows.map(\.fields)
        #expect(rows[0] == ["#", "Time", "Event", "Source", "Recipient", "Description", "Expected Action"])
        let row = try #require(rows.first { $0[0] == "X1.1" })
        #expect(row[6].hasSuffix("(within 2h)"))
    }

    // MARK: Messy spreadsheets

    @Test("an Excel HSEEP sheet: BOM, CRLF, quoted line breaks, title rows, odd headers, extra columns, comments")
    func excel() throws {
        let bytes = try fixture("excel-hseep.csv")
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]) && bytes.contains(0x0D))
        let (text, x) = try importChecked(bytes, MSEL.ImportOptions(title: "Operation Tidal Lock"))
        #expect(x.title == "Operation Tidal Lock")
        #expect(x.injects.map(\.id) == ["1", "2", "3", "4", "5"])
        #expect(x.injects.map(\.trigger) == [.time(minute: 15), .time(minute: 150), .time(minute: 27 * 60 + 45), .time(minute: 30), .manual])
        let first = try inject(x, "1")
        #expect(first.text == "Port SOC sees beaconing from the berth scheduling server.\nThe vendor is unreachable.")
        #expect(first.sender == "Port IT helpdesk" && first.method == "E-mail")
        #expect(first.expectations.count == 1 && first.expectations[0].withinMinutes == 60)
        #expect(first.expectations[0].action == .judged("Port SOC reports the beaconing to the regional CERT"))
        let second = try inject(x, "2")
        #expect(second.text == "The CERT shares a \"known bad\" IP list, and asks for logs.")
        #expect(second.recipients.map { x.teams[$0].name } == ["Port SOC", "Regional CERT"])
        #expect(second.expectations.map(\.withinMinutes) == [120])
        #expect(second.method == "Phone-call")
        #expect(try inject(x, "3").expectations.map(\.withinMinutes) == [30])
        #expect(try inject(x, "5").expectations.count == 1)
        #expect(x.objectives.map(\.id) == ["OBJ-1", "O1"])
        #expect(x.teams.first { $0.name == "White Cell" }?.role == .white)
        #expect(text.contains("# Columns not imported: Status, Controller."))
        #expect(text.contains("# TODO from MSEL import:"))
    }

    @Test("a LibreOffice blueprint sheet: no BOM, LF, doubled quotes, clock times, targets in brackets")
    func libreOffice() throws {
        let bytes = try fixture("libreoffice-blueprint.csv")
        #expect(!bytes.contains(0x0D) && !bytes.starts(with: [0xEF]))
        let (text, x) = try importChecked(bytes, MSEL.ImportOptions(layout: .blueprint))
        #expect(x.injects.map(\.trigger) == [.time(minute: 15), .time(minute: 105), .manual])
        let phish = try inject(x, "1")
        #expect(phish.title == "Phishing wave")
        #expect(phish.text == "Staff report an e-mail titled \"Salary review 2026\".\nSeveral clicked the link.")
        #expect(phish.expectations.map(\.withinMinutes) == [30, 60])
        #expect(phish.expectations[1].action == .judged("Help desk warns all staff, with the \"report phish\" button"))
        #expect(phish.expectations.map { $0.team.map { x.teams[$0].name } } == ["Ministry SOC", "Help Desk"])
        // An inject row with an expected action but no target gets 1h and a TODO.
        #expect(try inject(x, "2").expectations.map(\.withinMinutes) == [60])
        #expect(text.contains("# TODO from MSEL import: expected action 2.1 gave no target time; 1h assumed."))
        #expect(text.contains("# Columns not imported: Owner."))
    }

    @Test("an Excel sheet saved with semicolons: AM/PM clock times, lower-case technique IDs")
    func semicolons() throws {
        let (_, x) = try importChecked(try fixture("excel-semicolon.csv"))
        #expect(x.injects.map(\.trigger) == [.time(minute: 30), .time(minute: 255)])
        #expect(try inject(x, "A2").techniques == ["T1074.001", "T1560"])
        #expect(try inject(x, "A1").expectations.map(\.withinMinutes) == [120])
    }

    @Test("clock times count from --start, and the next day when earlier than it")
    func startOption() throws {
        let csv = Array("Time,Message\n09:30,a\n08:00,b\n".utf8)
        let (_, x) = try importChecked(csv, MSEL.ImportOptions(start: "08:30"))
        #expect(x.injects.map(\.trigger) == [.time(minute: 60), .time(minute: 23 * 60 + 30)])
        let (text, y) = try importChecked(csv, MSEL.ImportOptions(start: "2026-11-24T09:00+09:00"))
        #expect(y.start.text == "2026-11-24T09:00+09:00" && y.injects.map(\.trigger) == [.time(minute: 30), .time(minute: 23 * 60)])
        #expect(!text.contains("the real date"))
        let bad = MSEL.importCSV(bytes: csv, options: MSEL.ImportOptions(start: "nine"))
        #expect(bad.hasErrors && bad.text == nil)
    }

    @Test("scenario times in every documented form", arguments: [
        ("T+2:30", 150), ("T+02:30", 150), ("t + 2:30", 150), ("T+1h30m", 90), ("T+26:15", 1575), ("T+02:30:00", 150),
        ("+02:30", 150), ("+2:30", 150), ("D+1 H+3 M+45", 1665), ("D+0 H+2", 120), ("H+3", 180), ("M+45", 45),
        ("d+1 h+0 m+5", 1445), ("T+2", 120), ("J+1", 1440), ("J+1 T+2", 1560), ("09:30", 30), ("9:30", 30), ("09:30:00", 30), ("9:30 AM", 30), ("2:15 PM", 315),
        ("0930", 30), ("08:45", 1425),
    ])
    func times(text: String, minutes: Int) {
        #expect(MSEL.parseTime(text, startClock: 9 * 60) == minutes)
    }

    @Test("malformed times are rejected", arguments: ["T+", "T+2:3", "T+2:60", "+x", "D+1 D+2", "M+5 H+1", "25:00", "13:00 PM",
                                                       "0.104166", "T+02:30:15", "yesterday", "+-1:00"])
    func badTimes(text: String) {
        #expect(MSEL.parseTime(text, startClock: 540) == nil)
    }

    @Test("target times in the forms people write", arguments: [
        ("within 1h", 60), ("1h30m", 90), ("90m", 90), ("90 min", 90), ("2 hours", 120), ("1 hour", 60), ("1:30", 90),
        ("(within 2h)", 120), ("1 day", 1440), ("Within 30M", 30),
    ])
    func targets(text: String, minutes: Int) {
        #expect(MSEL.parseTarget(text) == minutes)
    }

    @Test("headers match in any case, order and common synonyms")
    func synonyms() throws {
        let csv = "  scenario TIME ,Inject #,recipient,MESSAGE/DESCRIPTION,Expected Player Action\n+00:10,7,SOC,Hello,SOC answers\n"
        let (_, x) = try importChecked(Array(csv.utf8))
        let seven = try inject(x, "7")
        #expect(seven.trigger == .time(minute: 10) && seven.title == "Hello" && seven.expectations.count == 1)
        #expect(seven.recipients.map { x.teams[$0].name } == ["SOC"])
    }

    @Test("trigger conditions in Notes keep injects and make placeholder assets for the rest")
    func triggers() throws {
        let csv = """
            Event Number,Designated Scenario Time,Event Type,Message,Notes
            A1,T+00:00,Inject,Phish,"Marking: REL TO JPN, USA"
            A2,T+01:00,Inject,Follow-up,"Trigger: when A1 released and mail-srv compromised
            Call the SOC first"
            """
        let (text, x) = try importChecked(Array(csv.utf8))
        #expect(try inject(x, "A1").marking == .nations(["JPN", "USA"]))
        let a2 = try inject(x, "A2")
        #expect(a2.trigger == .condition([Condition(subject: .inject(0), predicate: .released),
                                          Condition(subject: .asset(0), predicate: .compromised)], notBefore: 60))
        #expect(x.assets.map(\.id) == ["mail-srv"])
        #expect(text.contains("# Note from the MSEL: Call the SOC first"))
    }

    @Test("awkward texts (quotes, backslashes, '#', Unicode, a long title) come back exactly, from a file fmt leaves alone")
    func awkwardText() throws {
        let exerciseTitle = "Exercise \"Δ\" \\ # 1"
        let title = "He said \"stop\" \\ then # left, e\u{301} 日本語 🇯🇵 " + String(repeating: "a very long title ", count: 20) + "end"
        let from = "O'Neil \"the boss\" \\ HQ # desk"
        let team = "Blue \"A\" \\ Team #1"
        let message = "First line, \"quoted\", with a \\n that is no line break\nSecond line # no comment \\"
        let response = "Report the \"IOC\" list \\ to #soc-chan"
        let note = "Ask \"Ann\" \\ first # twice"
        func cell(_ s: String) -> String { "\"" + s.replacing("\"", with: "\"\"") + "\"" }
        let csv = [
            "Event Number,Time,Title,Mode,From,To,Message,Expected Action,Objective,Notes,Target",
            ["1", "T+00:10", title, "e mail", from, team + "; White Cell", message, response,
             "O7: Share \"early\" \\ widely # always", note, "45 min"].map(cell).joined(separator: ","),
            ["2", "T+00:20", "", "", "", team, "Only a message: \"no title\" \\ #", "Keep \"calm\" \\", "Keep \"calm\" \\", "", ""]
                .map(cell).joined(separator: ","),
        ].joined(separator: "\r\n")
        let (text, x) = try importChecked(Array(csv.utf8), MSEL.ImportOptions(title: exerciseTitle))
        // Compared as bytes: String's == would accept a normalised "é" for "e\u{301}".
        #expect(Array(x.title.utf8) == Array(exerciseTitle.utf8))
        let one = try inject(x, "1")
        #expect(Array(one.title.utf8) == Array(title.utf8))
        #expect(one.sender == from && one.text == message && one.method == "e-mail")
        #expect(one.recipients.map { x.teams[$0].name } == [team, "White Cell"])
        #expect(one.expectations.map(\.action) == [.judged(response)])
        let two = try inject(x, "2")
        #expect(two.title == "Only a message: \"no title\" \\ #" && two.expectations.map(\.action) == [.judged("Keep \"calm\" \\")])
        #expect(x.objectives.map(\.id) == ["O7", "O1"])
        #expect(x.objectives.map(\.text) == ["Share \"early\" \\ widely # always", "Keep \"calm\" \\"])
        // Strings are written with the formatter's own escapes; a Notes line stays a comment as written.
        #expect(text.contains("\ninject 1 at +00:10 \(ExerciseFormatter.quoted(title))\n"))
        #expect(text.contains("\n  from \"O'Neil \\\"the boss\\\" \\\\ HQ # desk\"\n"))
        #expect(text.contains("\n# Note from the MSEL: \(note)\n"))
    }

    @Test("the title row above the header names the exercise, unless --title does; banners are not titles")
    func titleRow() throws {
        // "Operation Tidal Lock — Master Scenario Events List", then "UNCLASSIFIED // EXERCISE ONLY".
        let (_, tidal) = try importChecked(try fixture("excel-hseep.csv"))
        #expect(tidal.title == "Operation Tidal Lock")
        let banner = "UNCLASSIFIED // EXERCISE ONLY,,\nHarbour Day MSEL,,\n,,\nTime,Message,To\nT+00:10,Hello,SOC\n"
        #expect(try importChecked(Array(banner.utf8)).exercise.title == "Harbour Day")
        #expect(try importChecked(Array(banner.utf8), MSEL.ImportOptions(title: "Given")).exercise.title == "Given")
        // Two cells are not a title row; the fallback (the CLI's file name) is used.
        let two = "Harbour Day,draft 3\nTime,Message\nT+00:10,Hello\n"
        #expect(try importChecked(Array(two.utf8), MSEL.ImportOptions(fallbackTitle: "harbour")).exercise.title == "harbour")
        let banners = "TLP:AMBER\nTime,Message\nT+00:10,Hello\n"
        #expect(try importChecked(Array(banners.utf8)).exercise.title == "Imported MSEL")
    }

    @Test("a target written in the expected action's text is read when the Due Within cell is empty")
    func targetsInText() throws {
        let csv = """
            Event Number,Time,Event Type,Message,Expected Participant Response,Due Within
            1,T+00:00,Inject,Phish,,
            1.1,,Expected Action,,Report to the CERT within 30 minutes,
            1.2,,Expected Action,,Warn all staff within 2 hours.,
            1.3,,Expected Action,,Isolate the host (within 1h),
            1.4,,Expected Action,,Brief the board within 1h,3h
            1.5,,Expected Action,,Stay calm within reason,
            """
        let (text, x) = try importChecked(Array(csv.utf8))
        let one = try inject(x, "1")
        #expect(one.expectations.map(\.withinMinutes) == [30, 120, 60, 180, 60])
        #expect(one.expectations.map(\.action) == [.judged("Report to the CERT within 30 minutes"), .judged("Warn all staff within 2 hours."),
                                                   .judged("Isolate the host"), .judged("Brief the board within 1h"),
                                                   .judged("Stay calm within reason")])
        #expect(text.contains("expected action 1.5 gave no target time; 1h assumed."))
        #expect(!text.contains("expected action 1.1 gave no target"))
        // A sheet from before the rename still has a Target column; a bare 'Due' (often a date) is not read.
        let older = "Time,Message,Expected Action,Target,Due\nT+00:10,Hello,Answer,45 min,2026-11-24\n"
        let (olderText, y) = try importChecked(Array(older.utf8))
        #expect(y.injects[0].expectations.map(\.withinMinutes) == [45])
        #expect(olderText.contains("# Columns not imported: Due."))
        #expect(MSEL.targetInText("within 90 min, then report") == 90)
        #expect(MSEL.targetInText("within the hour") == nil)
    }

    @Test("an OpenAEV inject sheet (the example of its import documentation) imports with its own headers")
    func openAEV() throws {
        let csv = """
            ,Action to be taken,Timeline,Teams,Subject,Content,Comments,Expectation Description,Expectation Name,Expectation Score,Done/To do
            ,Send an announcement email to executive management,09:05,Executive management,Exercise launch,An incident response exercise is starting.,Clearly mention "Exercise".,Announcement message sent within 10 min,Exec announcement,100,To do
            ,Initial brief to SOC and IT Ops,T+2,"SOC, IT Ops",Initial alert,Suspicious logins on the VPN.,,SOC opens an incident,Incident opened,100,To do
            ,Second day,J+1 T+1,SOC,Day two,The attacker returns.,,,,,To do
            """
        let result = MSEL.importCSV(text: csv)
        // 'Subject' is a second title column: a warning at its header cell.
        #expect(result.problems.map { "\($0.row):\($0.column) \($0.isError ? "error" : "warning")" } == ["1:5 warning"])
        let (text, x) = try importChecked(Array(csv.utf8))
        #expect(x.injects.map(\.title) == ["Send an announcement email to executive management", "Initial brief to SOC and IT Ops", "Second day"])
        #expect(x.injects.map(\.trigger) == [.time(minute: 5), .time(minute: 120), .time(minute: 25 * 60)])
        #expect(x.injects[0].text == "An incident response exercise is starting.")
        #expect(x.injects[1].recipients.map { x.teams[$0].name } == ["SOC", "IT Ops"])
        #expect(x.injects[0].expectations.map(\.withinMinutes) == [10])
        #expect(x.injects[1].expectations.map(\.action) == [.judged("SOC opens an incident")])
        #expect(text.contains("# Note from the MSEL: Clearly mention \"Exercise\"."))
        #expect(text.contains("# Columns not imported: Expectation Name, Expectation Score, Done/To do."))
    }

    @Test("a trigger in the time cell, as the export writes it, comes back as the inject's conditions")
    func triggerInTimeCell() throws {
        let csv = """
            Event Number,Designated Scenario Time,Event Type,Message,Notes
            A1,T+00:00,Inject,Phish,
            A2,"when A1 released and mail-srv compromised, from T+01:00",Inject,Follow-up,
            A3,when mail-srv undetected,Inject,Later,
            """
        let (_, x) = try importChecked(Array(csv.utf8))
        #expect(try inject(x, "A2").trigger == .condition([Condition(subject: .inject(0), predicate: .released),
                                                          Condition(subject: .asset(0), predicate: .compromised)], notBefore: 60))
        #expect(try inject(x, "A3").trigger == .condition([Condition(subject: .asset(0), predicate: .undetected)], notBefore: 0))
        let bad = """
            Event Number,Designated Scenario Time,Event Type,Message,Notes
            A1,T+00:00,Inject,Phish,
            A2,"when A1 exploded, from T+01:00",Inject,Bad predicate,
            A3,"when A1 released, from T+x",Inject,Bad time,
            A4,"when A1 released, from T+01:00",Inject,Twice,Trigger: when A1 released
            """
        #expect(errors(bad) == [[3, 2], [4, 2], [5, 5]])
        let messages = MSEL.importCSV(text: bad).problems.map(\.message)
        #expect(messages[0].contains("cannot read the condition 'A1 exploded'"))
        #expect(messages[2].contains("both in the time cell and in Notes"))
    }

    // MARK: Errors

    /// The (row, column) of every error an import reports.
    private func errors(_ csv: String, _ options: MSEL.ImportOptions = MSEL.ImportOptions()) -> [[Int]] {
        let result = MSEL.importCSV(text: csv, options: options)
        #expect(result.text == nil)
        return result.problems.filter(\.isError).map { [$0.row, $0.column] }
    }

    @Test("every problem names its spreadsheet row and column")
    func errorPositions() throws {
        let csv = [
            "Event Number,Time,Message,Target,ATT&CK Technique,Notes",  // row 1
            "1,T+1:00,ok,,,",  // row 2
            "2,T+x,bad time,,,",  // row 3: time
            "",  // row 4: blank
            "2.1,,,soon,,",  // row 5: target (an expected action of inject 1)
            "3,+01:00,bad technique,,T99,",  // row 6: technique
            "1,+01:00,duplicate,,,",  // row 7: number
            "4,+01:00,bad trigger,,,Trigger: when 1 exploded",  // row 8: notes
            "5,+01:00,bad marking,,,Marking: RESTRICTED",  // row 9: notes
            "6,,,,,",  // row 10: an expected action without text
            "7,+01:00,two triggers,,,Trigger: when 1 released at +02:00",  // row 11: notes
            "8,+01:00,manual?,,,Trigger: when 1 released",  // row 12: fine
            "9,+00:00,\"a \"\"quoted\"\" release\",,,Trigger: when 8 down",  // row 13: 'down' on an inject
        ].joined(separator: "\r\n")
        #expect(errors(csv) == [[3, 2], [5, 4], [6, 5], [7, 1], [8, 6], [9, 6], [10, 3], [11, 6], [13, 6]])
        let result = MSEL.importCSV(text: csv)
        #expect(result.problems.first { $0.row == 3 }?.message.contains("cannot read 'T+x' as a scenario time") == true)
        #expect(result.problems.first { $0.row == 7 }?.message == "event number '1' is already used on row 2")
    }

    @Test("triggers that wait on each other are reported at the inject's Notes cell")
    func triggerCycle() {
        let csv = "Event Number,Time,Message,Notes\n1,+00:00,a,Trigger: when 2 released\n2,+00:00,b,Trigger: when 1 released\n"
        let result = MSEL.importCSV(text: csv)
        #expect(result.text == nil)
        // The checker reports the cycle at the inject that closes it (2, on row 3); its Notes cell is column 4.
        #expect(result.problems.filter(\.isError).map { [$0.row, $0.column] } == [[3, 4]])
        #expect(result.problems.first?.message.contains("cycle") == true)
    }

    @Test("an unterminated quote stops the import at the cell where it opened")
    func unterminatedQuote() {
        #expect(errors("Time,Message\r\n+00:00,ok\r\n+00:10,\"never closed\r\n+00:20,x\r\n") == [[3, 2]])
    }

    @Test("header problems are reported at the header row")
    func headerErrors() {
        #expect(errors("just,some,text\n1,2,3\n") == [[1, 1]])
        #expect(errors("\n\nTitle,Notes,Owner\nx,y,z\n") == [[3, 1]])
        // The blueprint layout needs '#', 'Time', 'Event' and 'Description' ('Message' counts as Description).
        let blueprint = MSEL.importCSV(text: "Event Number,Time,Message\n1,+00:00,x\n", options: MSEL.ImportOptions(layout: .blueprint))
        #expect(blueprint.problems.map { [$0.row, $0.column] } == [[1, 1]])
        #expect(blueprint.problems.first?.message.hasPrefix("the header has no 'Event' column") == true)
        #expect(errors("Time,Message\n# only a comment\n\n") == [[1, 1]])
    }

    @Test("an expected action above every inject and an inject without a time are errors")
    func orderErrors() {
        #expect(errors("Event Number,Time,Event Type,Message,Expected Participant Response\n1.1,,Expected Action,,Do it\n") == [[2, 1]])
        #expect(errors("Event Number,Time,Event Type,Message\n1,,Inject,No time\n") == [[2, 2]])
    }

    @Test("a mode cell with an arrow in it ('e->mail') imports as one word")
    func arrowInMode() throws {
        let csv = "Time,Event,To,Inject Mode,Message\nT+0:30,Phish,Port SOC,e->mail,A message\n"
        let (text, exercise) = try importChecked(Array(csv.utf8))
        #expect(text.contains("  via e-mail\n"))
        #expect(exercise.injects.first?.method == "e-mail")
    }

    // MARK: Documentation

    @Test("the worked example in Documentation/MSEL.md is what the tool does")
    func documentation() throws {
        let doc = try Repository.text("Documentation/MSEL.md")
        func block(_ tag: String) throws -> String {
            let parts = doc.components("```\(tag)\n")
            try #require(parts.count == 2, "one ```\(tag) block")
            return try #require(parts[1].components("```").first)
        }
        let exerciseText = try block("exercise")
        let csvText = try block("csv")
        let importedText = try block("msel-import")
        let check = ExerciseChecker.check(text: exerciseText)
        let exercise = try #require(check.exercise, "\(check.diagnostics)")
        // The document shows LF line ends; the file has CRLF between rows.
        let exported = MSEL.export(exercise)
        #expect(CSV.read(exported).rows.map(\.fields) == CSV.read(csvText).rows.map(\.fields))
        #expect(exported.filter { $0 == "\r\n" }.count == CSV.read(csvText).rows.count)
        let (text, _) = try importChecked(Array(csvText.utf8), MSEL.ImportOptions(title: exercise.title))
        #expect(text == importedText)
        let messy = try block("messy-csv")
        let (messyText, _) = try importChecked(Array(messy.utf8), MSEL.ImportOptions(start: "08:00", title: "Harbour Day"))
        #expect(messyText == (try block("messy-import")))
    }
}

extension String {
    func components(_ separator: String) -> [String] { split(separator: separator, omittingEmptySubsequences: false).map(String.init) }
}

@Suite("MSEL columns per language")
struct MSELLanguageTests {
    @Test("Pacific Shield's Japanese travels in 'Title (ja)', 'Message (ja)' and 'Expected Participant Response (ja)', and comes back")
    func pacificShield() throws {
        let original = try Repository.shipped("pacific-shield.exercise")
        for layout in MSEL.Layout.allCases {
            let csv = MSEL.export(original, layout: layout)
            let header = try #require(CSV.read(csv).rows.first).fields
            let names = MSEL.columns(layout).filter { [.title, .message, .response].contains($0.field) }.map { "\($0.header) (ja)" }
            #expect(Array(header.suffix(3)) == names)
            let (_, imported) = try importChecked(Array(csv.utf8), MSEL.ImportOptions(layout: layout, title: original.title))
            #expect(imported.injects.map(\.translations) == original.injects.map(\.translations), "\(layout)")
            #expect(MSEL.export(imported, layout: layout) == csv)
        }
    }

    @Test("an exercise written in Japanese exports English as '(en)' and imports back with --language ja")
    func japaneseExercise() throws {
        let text = """
            exercise "和文"
              start 2026-11-24T09:00+09:00
              turn 1h
              length 4 turns
              language ja
            domain ally "A" nation USA
            team usfj "U" domain ally role ally language en
            inject A1 at +00:00 "標的型メール"
              to usfj
              title en "Phishing"
              text "三名が開封した。"
              text en "Three opened it."
              expect "注意喚起" en "Warn" within 1h by usfj

            """
        let x = try #require(ExerciseChecker.check(text: text).exercise)
        let csv = MSEL.export(x)
        #expect(csv.hasPrefix("Event Number,") && csv.contains(",Title (en),Message (en),Expected Participant Response (en)\r\n"))
        let (imported, exercise) = try importChecked(Array(csv.utf8), MSEL.ImportOptions(title: x.title, language: .ja))
        #expect(imported.contains("\n  language ja\n"))
        #expect(exercise.injects[0].translations == x.injects[0].translations)
        #expect(MSEL.export(exercise) == csv)
    }

    @Test("a column in a language cdx does not know is a warning and is left out; a translation without its message is an error")
    func problems() throws {
        let csv = "#,Time,Event,Description,Event (de),Description (ja)\n1,T+00:00,Phish,Mail,Phishing-Mail,メール\n2,T+00:30,Only ja,,,本文のみ\n"
        let result = MSEL.importCSV(text: csv)
        #expect(result.problems.map { "\($0.row):\($0.column) \($0.isError ? "error" : "warning")" } == ["1:5 warning", "3:6 error"])
        #expect(result.problems.first?.message.contains("'de'") == true)
        let ok = MSEL.importCSV(text: "#,Time,Event,Description,Description (JA)\n1,T+00:00,Phish,Mail,メール\n")
        #expect(!ok.hasErrors)
        #expect(ok.text?.contains("\n  text ja \"メール\"\n") == true)
    }
}
