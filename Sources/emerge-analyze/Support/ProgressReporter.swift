import Foundation

/// The one progress display of the CLI: a status line on stderr that
/// commands update as work goes on (training steps, examples evaluated,
/// curves fitted).
///
/// On a terminal the line is redrawn in place (`\r`, erase to end of line)
/// at most every `redrawInterval` seconds. Anywhere else — a pipe, a log
/// file from `make demo > log` — every line printed stays, so it prints a
/// whole line at most every `lineInterval` seconds, plus the latest line when
/// the work finishes, and a log holds a few lines per task instead of
/// thousands of redraws. `EMERGE_PROGRESS=1` asks for redrawing even when
/// stderr is not a terminal.
///
/// Safe to call from several threads; the clock and the sink are injected
/// so the throttling can be tested without waiting.
final class ProgressReporter: @unchecked Sendable {
    enum Mode: Sendable, Equatable {
        /// Redraw one line in place (a terminal).
        case redraw
        /// Print whole lines, throttled (a pipe or a file).
        case lines
    }

    let mode: Mode
    let redrawInterval: Double
    let lineInterval: Double
    private let now: @Sendable () -> Double
    private let sink: @Sendable (String) -> Void
    private let lock = NSLock()
    /// When the last line was shown; nil when nothing was shown since `finish()`.
    private var shownAt: Double?
    /// The latest line given, when it has not been shown yet.
    private var pending: String?
    /// A redrawn line is on screen without its newline.
    private var lineOpen = false

    /// - Parameters:
    ///   - mode: redraw in place, or print whole lines.
    ///   - redrawInterval: seconds between redraws on a terminal (≥ 0).
    ///   - lineInterval: seconds between printed lines otherwise (≥ 0).
    ///   - now: a monotonic clock in seconds.
    ///   - sink: receives the text to write, control characters included.
    init(mode: Mode, redrawInterval: Double = 0.1, lineInterval: Double = 5,
         now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime },
         sink: @escaping @Sendable (String) -> Void) {
        precondition(redrawInterval >= 0 && lineInterval >= 0, "progress intervals are non-negative")
        self.mode = mode
        self.redrawInterval = redrawInterval
        self.lineInterval = lineInterval
        self.now = now
        self.sink = sink
    }

    /// A reporter on stderr: redrawing when stderr is a terminal or
    /// `EMERGE_PROGRESS=1`, printing lines otherwise.
    static func standardError() -> ProgressReporter {
        let forced = ProcessInfo.processInfo.environment["EMERGE_PROGRESS"] == "1"
        return ProgressReporter(mode: isatty(2) != 0 || forced ? .redraw : .lines) { text in
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    /// The current state of the work. Shown at once when nothing has been
    /// shown since the last `finish()`, later ones when the interval has
    /// passed; a line not shown is kept for `finish()`.
    func update(_ line: String) {
        lock.lock(); defer { lock.unlock() }
        let t = now()
        let interval = mode == .redraw ? redrawInterval : lineInterval
        if let shownAt, t - shownAt < interval {
            pending = line
            return
        }
        show(line, at: t)
    }

    /// Ends the current piece of work: shows the latest line if it was held
    /// back, closes a redrawn line with its newline, and lets the next
    /// `update` show at once. Does nothing when nothing was given.
    func finish() {
        lock.lock(); defer { lock.unlock() }
        if let pending { show(pending, at: now()) }
        if lineOpen { sink("\n") }
        lineOpen = false
        shownAt = nil
    }

    private func show(_ line: String, at t: Double) {
        switch mode {
        case .redraw:
            sink("\r\u{1B}[K" + line)
            lineOpen = true
        case .lines:
            sink(line + "\n")
        }
        shownAt = t
        pending = nil
    }
}

extension ProgressReporter {
    /// A text bar `[#####...]` of `width` cells, filled in proportion to
    /// `done` of `total` (full when `total` is 0).
    static func bar(done: Int, total: Int, width: Int = 24) -> String {
        let filled = total > 0 ? min(width, max(0, width * done / total)) : width
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }
}
