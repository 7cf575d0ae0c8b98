import Foundation
@testable import emerge_analyze
import Testing

/// The progress reporter with a hand-driven clock and a recording sink: what
/// a log file receives, and what a terminal is sent.
@Suite("CLI: progress reporter")
struct ProgressReporterTests {
    /// A clock the test sets, and everything written, in order.
    final class Harness: @unchecked Sendable {
        private let lock = NSLock()
        private var time = 0.0
        private var written: [String] = []
        var now: Double { get { lock.withLock { time } } set { lock.withLock { time = newValue } } }
        var text: String { lock.withLock { written.joined() } }
        func write(_ s: String) { lock.withLock { written.append(s) } }

        func reporter(_ mode: ProgressReporter.Mode) -> ProgressReporter {
            ProgressReporter(mode: mode, redrawInterval: 0.1, lineInterval: 5, now: { [self] in now },
                             sink: { [self] in write($0) })
        }
    }

    @Test("off a terminal: the first state, then at most one whole line per interval, then the final state")
    func linesAreThrottled() {
        let h = Harness()
        let progress = h.reporter(.lines)
        for step in 0...100 {
            h.now = Double(step) * 0.25  // 25 s of work, an update every quarter second
            progress.update("step \(step)/100")
        }
        progress.finish()
        let lines = h.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines == ["step 0/100", "step 20/100", "step 40/100", "step 60/100", "step 80/100", "step 100/100", ""])
        #expect(!h.text.contains("\r") && !h.text.contains("\u{1B}"))
    }

    @Test("off a terminal: finish prints the held-back state once, and nothing when it was already shown")
    func finishShowsTheLatest() {
        let h = Harness()
        let progress = h.reporter(.lines)
        progress.update("a 1/3")
        h.now = 1
        progress.update("a 2/3")
        progress.update("a 3/3")
        progress.finish()
        progress.finish()
        #expect(h.text == "a 1/3\na 3/3\n")
        // After finish the next piece of work shows at once, whatever the clock says.
        progress.update("b 1/2")
        h.now = 5.5
        progress.update("b 2/2")
        progress.finish()
        #expect(h.text == "a 1/3\na 3/3\nb 1/2\nb 2/2\n")
    }

    @Test("off a terminal: finish with nothing given writes nothing")
    func finishAlone() {
        let h = Harness()
        h.reporter(.lines).finish()
        #expect(h.text.isEmpty)
    }

    @Test("on a terminal: redraws in place at most every tenth of a second and ends the line at finish")
    func redraws() {
        let h = Harness()
        let progress = h.reporter(.redraw)
        progress.update("x 1")
        h.now = 0.05
        progress.update("x 2")  // too soon: held back
        h.now = 0.15
        progress.update("x 3")
        h.now = 0.2
        progress.update("x 4")  // held back, then shown by finish
        progress.finish()
        let erase = "\r\u{1B}[K"
        #expect(h.text == erase + "x 1" + erase + "x 3" + erase + "x 4" + "\n")
    }

    @Test("the bar fills in proportion, stays within its width, and is full for an empty total")
    func bar() {
        #expect(ProgressReporter.bar(done: 0, total: 8, width: 4) == "[....]")
        #expect(ProgressReporter.bar(done: 4, total: 8, width: 4) == "[##..]")
        #expect(ProgressReporter.bar(done: 9, total: 8, width: 4) == "[####]")
        #expect(ProgressReporter.bar(done: 0, total: 0, width: 4) == "[####]")
    }
}
