/// A report as blocks that both renderers lay out the same way (`MarkdownReport.render(_:)`,
/// `HTMLReport.render(_:)`), so a team's report cannot say one thing in HTML and another in
/// Markdown. The text is plain: the renderers escape it.
struct ReportDocument {
    /// The banner marking, printed at the top and the bottom: the exercise's, with the play
    /// marking of the cards the document prints (`ReportMarking`).
    var marking: String
    /// Which cards mark the document in play; nil when none does.
    var notice: String?
    var title: String
    /// "Prepared for gsdf (JPN)": who the report was made for, near the top.
    var preparedFor: String
    var lead: String
    var summary: [String]
    var sections: [Section]

    struct Section {
        /// An HTML id: lowercase words and hyphens.
        var id: String
        var title: String
        var blocks: [Block]
    }

    enum Block {
        case paragraph(String)
        case heading(String)
        case facts([(String, String)])
        case list([String])
        case table(ReportFindings.Table)
    }
}
