/// The after-action lead's own words for the report (`cdx report --notes FILE`): a summary
/// narrative, strengths and areas for improvement added or left out, comments on injects,
/// and owners and due dates for the improvement plan — merged into the generated report,
/// so that nobody edits generated HTML.
public struct ReportNotes: Equatable, Sendable {
    /// Paragraphs of the executive summary, in the lead's words, before the generated facts.
    public var summary: [String] = []
    public var strengths: [String] = []
    public var improvements: [String] = []
    /// Generated strengths and improvements to leave out, by the start of their sentence.
    public var dropStrengths: [Located] = []
    public var dropImprovements: [Located] = []
    /// Comments on injects: inject index and text.
    public var injectComments: [(inject: Int, text: String)] = []
    /// Owners and due dates for plan rows, by the row's ref (`A04.2`, `O2`), with where the
    /// ref was written, so that a ref the report's plan has no row for can be reported there.
    public var plan: [String: (owner: String?, due: String?, line: Int, column: Int)] = [:]

    public init() {}

    /// Text with where it was written, so that a drop matching nothing can be reported there.
    public struct Located: Equatable, Sendable {
        public var text: String
        public var line: Int
        public var column: Int
        public init(text: String, line: Int, column: Int) {
            self.text = text
            self.line = line
            self.column = column
        }
    }

    public static func == (a: ReportNotes, b: ReportNotes) -> Bool {
        a.summary == b.summary && a.strengths == b.strengths && a.improvements == b.improvements
            && a.dropStrengths == b.dropStrengths && a.dropImprovements == b.dropImprovements
            && a.injectComments.map(\.inject) == b.injectComments.map(\.inject) && a.injectComments.map(\.text) == b.injectComments.map(\.text)
            && a.plan.keys.sorted() == b.plan.keys.sorted()
    }
}
