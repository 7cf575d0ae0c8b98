/// The colours of series: the Okabe–Ito palette, distinguishable under the
/// common colour-vision deficiencies and in greyscale print. Yellow comes
/// last because it is faint on white. After eight series colours repeat and
/// the marker shape tells them apart.
public enum Palette {
    public static let colours: [String] = [
        "#0072B2", // blue
        "#D55E00", // vermillion
        "#009E73", // bluish green
        "#CC79A7", // reddish purple
        "#E69F00", // orange
        "#56B4E9", // sky blue
        "#000000", // black
        "#F0E442", // yellow
    ]

    public static func colour(_ index: Int) -> String { colours[((index % colours.count) + colours.count) % colours.count] }

    /// Text, axes and grid.
    public static let ink = "#222222"
    public static let muted = "#666666"
    public static let grid = "#E5E5E5"
    public static let frame = "#BBBBBB"
    /// Points the analysis leaves out (checkpoints on the initial plateau).
    public static let excluded = "#B8B8B8"
}

/// Marker shapes, so series stay apart when colours repeat or print is grey.
public enum MarkerShape: Int, Sendable, Equatable, CaseIterable {
    case circle, square, triangle, diamond
}
