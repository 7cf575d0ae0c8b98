// swift-tools-version: 6.0
import PackageDescription

// One module per concern (SPEC §2). The dependency chain is
//   TaskSuite → ResultsStore → EmergenceMetrics → ScalingFits → Reporting
//   CBLAS → InferenceCore, Training;  TaskSuite → Elicitation → Experiments
// (ResultsStore imports BIG-bench task files with TaskSuite's reader, which
// eval shares; TaskSuite depends on nothing. TaskSuite also owns what counts
// as a correct answer — extraction, comparison, majority vote — so that
// EmergenceMetrics and Elicitation judge answers with the same code.)
//   RemoteBackend (OpenAI-compatible client) → ModelServer (`serve`, Hummingbird)
// and the executable `emerge-analyze` stays thin on top of them.
let package = Package(
    name: "emerge",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "emerge-analyze", targets: ["emerge-analyze"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(name: "ResultsStore", dependencies: [
            "TaskSuite",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(name: "EmergenceMetrics", dependencies: ["ResultsStore", "TaskSuite"]),
        .target(name: "ScalingFits", dependencies: ["EmergenceMetrics", "ResultsStore"]),
        .target(name: "Reporting", dependencies: ["ScalingFits", "EmergenceMetrics", "ResultsStore"]),
        .target(name: "InferenceCore", dependencies: ["CBLAS"]),
        .target(name: "TaskSuite"),
        .target(name: "Training", dependencies: ["CBLAS", "InferenceCore", "TaskSuite"]),
        .target(name: "Elicitation", dependencies: ["InferenceCore", "TaskSuite"]),
        .target(name: "Experiments", dependencies: [
            "ResultsStore", "EmergenceMetrics", "InferenceCore", "TaskSuite", "Training", "Elicitation",
        ]),
        .target(name: "RemoteBackend", dependencies: ["InferenceCore", "Elicitation"]),
        .target(name: "ModelServer", dependencies: [
            "InferenceCore", "RemoteBackend",
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        .executableTarget(name: "emerge-analyze", dependencies: [
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            "ResultsStore", "EmergenceMetrics", "ScalingFits", "Reporting", "InferenceCore",
            "TaskSuite", "Training", "Elicitation", "Experiments", "RemoteBackend", "ModelServer",
        ]),
        .executableTarget(
            name: "emerge-bench",
            dependencies: [
                "ResultsStore", "EmergenceMetrics", "ScalingFits", "Reporting", "InferenceCore",
                "TaskSuite", "Training", "Elicitation", "Experiments", "RemoteBackend", "ModelServer", "CBLAS",
            ],
            path: "Benchmarks"
        ),

        .target(name: "EmergeTestSupport", dependencies: ["ResultsStore"], path: "Tests/EmergeTestSupport"),
        .testTarget(name: "ResultsStoreTests", dependencies: ["ResultsStore", "TaskSuite", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "EmergenceMetricsTests", dependencies: ["EmergenceMetrics", "TaskSuite", "EmergeTestSupport"]),
        .testTarget(name: "ScalingFitsTests", dependencies: ["ScalingFits", "EmergenceMetrics", "ResultsStore", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "EmergeTestSupport"]),
        .testTarget(name: "InferenceCoreTests", dependencies: ["InferenceCore", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "TaskSuiteTests", dependencies: ["TaskSuite"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "InferenceCore", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ElicitationTests", dependencies: ["Elicitation", "TaskSuite", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "EmergeTestSupport"]),
        .testTarget(name: "RemoteBackendTests", dependencies: ["RemoteBackend", "EmergeTestSupport"]),
        .testTarget(name: "ModelServerTests", dependencies: [
            "ModelServer", "RemoteBackend", "InferenceCore", "Elicitation", "Experiments", "ResultsStore",
            "EmergeTestSupport",
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "CLITests", dependencies: ["emerge-analyze", "EmergeTestSupport", "ResultsStore"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
