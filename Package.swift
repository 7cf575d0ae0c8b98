// swift-tools-version: 6.0
import PackageDescription

// One module per concern (docs/design.md#layout-and-modules); each target
// declares exactly the modules its sources import. The dependency chain is
//   TaskSuite → ResultsStore → EmergenceMetrics → ScalingFits → ReportBuilding ← Reporting
//   CBLAS → InferenceCore, Training;  TaskSuite → Elicitation → Experiments
//   OpenAIWire → RemoteBackend (client, AsyncHTTPClient) and ModelServer (`serve`, Hummingbird)
// ResultsStore imports BIG-bench task files with TaskSuite's reader, which
// eval shares; TaskSuite depends on nothing and owns what counts as a correct
// answer, so EmergenceMetrics and Elicitation judge answers with one code.
// Reporting renders plain report data and imports no other module of ours;
// ReportBuilding fills that data from the store, the metrics and the fits.
// The executable `emerge-analyze` stays thin on top of them.
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
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
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
        .target(name: "ScalingFits", dependencies: ["EmergenceMetrics"]),
        .target(name: "Reporting"),
        .target(name: "ReportBuilding", dependencies: ["Reporting", "ScalingFits", "EmergenceMetrics", "ResultsStore"]),
        .target(name: "InferenceCore", dependencies: ["CBLAS"]),
        .target(name: "TaskSuite"),
        .target(name: "Training", dependencies: ["CBLAS", "InferenceCore", "TaskSuite"]),
        .target(name: "Elicitation", dependencies: ["InferenceCore", "TaskSuite"]),
        .target(name: "Experiments", dependencies: [
            "ResultsStore", "EmergenceMetrics", "InferenceCore", "TaskSuite", "Training", "Elicitation",
        ]),
        .target(name: "OpenAIWire"),
        .target(name: "RemoteBackend", dependencies: [
            "OpenAIWire", "InferenceCore", "Elicitation",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .target(name: "ModelServer", dependencies: [
            "OpenAIWire", "InferenceCore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .executableTarget(name: "emerge-analyze", dependencies: [
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            "ResultsStore", "EmergenceMetrics", "ScalingFits", "Reporting", "ReportBuilding", "InferenceCore",
            "TaskSuite", "Training", "Elicitation", "Experiments", "RemoteBackend", "ModelServer",
        ]),
        .executableTarget(
            name: "emerge-bench",
            dependencies: [
                "ResultsStore", "EmergenceMetrics", "ScalingFits", "Reporting", "ReportBuilding", "InferenceCore",
                "TaskSuite", "Training", "Elicitation", "Experiments", "OpenAIWire", "RemoteBackend", "ModelServer",
                "CBLAS",
            ],
            path: "Benchmarks"
        ),

        .target(name: "EmergeTestSupport", path: "Tests/EmergeTestSupport"),
        .testTarget(name: "ResultsStoreTests", dependencies: ["ResultsStore", "TaskSuite", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "EmergenceMetricsTests", dependencies: [
            "EmergenceMetrics", "ResultsStore", "TaskSuite", "EmergeTestSupport",
        ]),
        .testTarget(name: "ScalingFitsTests", dependencies: ["ScalingFits", "EmergenceMetrics", "ResultsStore", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "EmergeTestSupport"]),
        .testTarget(name: "ReportBuildingTests", dependencies: [
            "ReportBuilding", "Reporting", "ScalingFits", "EmergenceMetrics", "ResultsStore", "EmergeTestSupport",
        ]),
        .testTarget(name: "InferenceCoreTests", dependencies: ["InferenceCore", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "TaskSuiteTests", dependencies: ["TaskSuite"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "InferenceCore", "TaskSuite", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ElicitationTests", dependencies: ["Elicitation", "TaskSuite", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ExperimentsTests", dependencies: [
            "Experiments", "Elicitation", "EmergenceMetrics", "InferenceCore", "ResultsStore", "TaskSuite", "Training",
            "EmergeTestSupport",
        ]),
        .testTarget(name: "OpenAIWireTests", dependencies: ["OpenAIWire"]),
        .testTarget(name: "RemoteBackendTests", dependencies: ["RemoteBackend", "OpenAIWire", "EmergeTestSupport"]),
        .testTarget(name: "ModelServerTests", dependencies: [
            "ModelServer", "OpenAIWire", "RemoteBackend", "InferenceCore", "Elicitation", "Experiments", "ResultsStore",
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "CLITests", dependencies: [
            "emerge-analyze", .product(name: "ArgumentParser", package: "swift-argument-parser"), "Elicitation",
            "ResultsStore", "EmergeTestSupport",
        ], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
