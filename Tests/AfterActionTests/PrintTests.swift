@testable import AfterAction
import Testing

/// The printed report's page rules (issue 17, item 2). That a printout really carries the
/// marking on every page is checked by printing it: Tools/report/print-test.py, in .ci/run.
@Suite("The printed page")
struct PrintTests {
    @Test("the marking goes into the page margins as a CSS string that no marking can break out of")
    func marking() {
        #expect(HTMLReport.cssString("UNCLASSIFIED // EXERCISE ONLY") == "\"UNCLASSIFIED // EXERCISE ONLY\"")
        #expect(HTMLReport.cssString("SECRET \"REL\" \\ TO") == "\"SECRET \\\"REL\\\" \\\\ TO\"")
        let hostile = HTMLReport.cssString("x</style><script>alert(1)</script>\n")
        #expect(!hostile.contains("<") && !hostile.contains(">") && !hostile.contains("\n"))
        #expect(hostile == "\"x\\3c /style\\3e \\3c script\\3e alert(1)\\3c /script\\3e \\a \"")
        let page = HTMLReport.pageCSS("機密 // 演習")
        #expect(page.contains("@top-center { content: \"機密 // 演習\""))
        #expect(page.contains("@bottom-center { content: \"機密 // 演習\""))
    }
}
