// swift-tools-version: 6.0
import PackageDescription
import Foundation

// One module per concern (SPEC §2). The dependency chain is
//   ResultsStore → EmergenceMetrics → ScalingFits → Reporting
//   CBLAS → InferenceCore, Training;  TaskSuite;  Elicitation;  Experiments
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
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(name: "ResultsStore", dependencies: [.product(name: "GRDB", package: "GRDB.swift"),
                                               .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(name: "EmergenceMetrics", dependencies: ["ResultsStore"]),
        .target(name: "ScalingFits", dependencies: ["EmergenceMetrics", "CBLAS"]),
        .target(name: "Reporting", dependencies: ["ScalingFits", "EmergenceMetrics", "ResultsStore"]),
        .target(name: "InferenceCore", dependencies: ["CBLAS"]),
        .target(name: "TaskSuite"),
        .target(name: "Training", dependencies: ["CBLAS", "TaskSuite"]),
        .target(name: "Elicitation", dependencies: ["InferenceCore", "TaskSuite"]),
        .target(name: "Experiments", dependencies: [
            "ResultsStore", "EmergenceMetrics", "InferenceCore", "TaskSuite", "Training", "Elicitation",
        ]),
        .executableTarget(name: "emerge-analyze", dependencies: [
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            "ResultsStore", "EmergenceMetrics", "ScalingFits", "Reporting",
            "InferenceCore", "TaskSuite", "Training", "Elicitation", "Experiments", "RemoteBackend",
        ]),
        .executableTarget(
            name: "emerge-bench",
            dependencies: [
                "ResultsStore", "EmergenceMetrics", "ScalingFits", "Reporting",
                "InferenceCore", "TaskSuite", "Training", "Elicitation", "Experiments", "CBLAS",
            ],
            path: "Benchmarks"
        ),

        .target(name: "EmergeTestSupport", dependencies: ["ResultsStore"], path: "Tests/EmergeTestSupport"),
        .testTarget(name: "ResultsStoreTests", dependencies: ["ResultsStore", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "EmergenceMetricsTests", dependencies: ["EmergenceMetrics", "EmergeTestSupport"]),
        .testTarget(name: "ScalingFitsTests", dependencies: ["ScalingFits", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "EmergeTestSupport"]),
        .testTarget(name: "InferenceCoreTests", dependencies: ["InferenceCore", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "TaskSuiteTests", dependencies: ["TaskSuite"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "InferenceCore", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ElicitationTests", dependencies: ["Elicitation", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "EmergeTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["EmergeTestSupport"]),
        .target(name: "RemoteBackend", dependencies: ["InferenceCore", "Elicitation"]),
        .testTarget(name: "RemoteBackendTests", dependencies: ["RemoteBackend", "EmergeTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// The OpenAI-compatible server (`serve`) is built on Hummingbird.
// TEMPORARY during parallel development: only when EMERGE_WITH_SERVING=1.
if ProcessInfo.processInfo.environment["EMERGE_WITH_SERVING"] == "1" {
    package.dependencies.append(.package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"))
    package.targets.append(.target(name: "ModelServer", dependencies: [
        "InferenceCore", "RemoteBackend",
        .product(name: "Hummingbird", package: "hummingbird"),
    ]))
    package.targets.append(.testTarget(name: "ModelServerTests", dependencies: ["ModelServer", "RemoteBackend", "InferenceCore", "Elicitation", "Experiments", "ResultsStore"],
                                      resources: [.copy("Fixtures")]))
    for target in package.targets where target.name == "emerge-analyze" || target.name == "emerge-bench" {
        target.dependencies.append("ModelServer")
    }
    for target in package.targets where target.name == "emerge-bench" {
        target.dependencies.append("RemoteBackend")
    }
}
