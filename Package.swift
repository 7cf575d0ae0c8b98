// swift-tools-version: 6.0
import PackageDescription

// One module per concern (docs/design.md#layout-and-modules); each target
// declares exactly the modules its sources import. EmergeSupport (seeded
// random numbers, stable hashing, parallel loops, CSV, JSON, metric classes)
// depends on nothing and any module may use it. The dependency chain is
//   TaskSuite → ResultsStore → EmergenceMetrics → ScalingFits → ReportBuilding ← Reporting
//   CBLAS → InferenceCore, Training;  TaskSuite → Elicitation → Experiments
//   OpenAIWire → RemoteBackend (client, AsyncHTTPClient) and ModelServer (`serve`, Hummingbird)
//   ChatTemplates (checkpoints' Jinja chat templates) → ModelServer
// ResultsStore imports BIG-bench task files with TaskSuite's reader, which
// eval shares; TaskSuite depends only on EmergeSupport and owns what counts as a correct
// answer, so EmergenceMetrics and Elicitation judge answers with one code.
// Reporting renders plain report data and imports no module of ours but EmergeSupport;
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
        .target(name: "EmergeSupport"),
        .target(name: "ResultsStore", dependencies: [
            "EmergeSupport",
            "TaskSuite",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(name: "EmergenceMetrics", dependencies: ["EmergeSupport", "ResultsStore", "TaskSuite"]),
        .target(name: "ScalingFits", dependencies: ["EmergeSupport", "EmergenceMetrics"]),
        .target(name: "Reporting", dependencies: ["EmergeSupport"]),
        .target(name: "ReportBuilding", dependencies: ["EmergeSupport", "Reporting", "ScalingFits", "EmergenceMetrics", "ResultsStore",
                                                    "TaskSuite"]),
        .target(name: "InferenceCore", dependencies: ["EmergeSupport", "CBLAS"]),
        .target(name: "TaskSuite", dependencies: ["EmergeSupport"]),
        .target(name: "Training", dependencies: ["EmergeSupport", "CBLAS", "InferenceCore", "TaskSuite"]),
        .target(name: "Elicitation", dependencies: ["EmergeSupport", "InferenceCore", "TaskSuite"]),
        .target(name: "Experiments", dependencies: [
            "EmergeSupport",
            "ResultsStore", "EmergenceMetrics", "InferenceCore", "TaskSuite", "Training", "Elicitation",
        ]),
        .target(name: "OpenAIWire"),
        .target(name: "ChatTemplates"),
        .target(name: "RemoteBackend", dependencies: [
            "EmergeSupport",
            "OpenAIWire", "InferenceCore", "Elicitation",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .target(name: "ModelServer", dependencies: [
            "OpenAIWire", "InferenceCore", "ChatTemplates",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .executableTarget(name: "emerge-analyze", dependencies: [
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            "EmergeSupport",
            "ResultsStore", "EmergenceMetrics", "ScalingFits", "Reporting", "ReportBuilding", "InferenceCore",
            "TaskSuite", "Training", "Elicitation", "Experiments", "RemoteBackend", "ModelServer", "ChatTemplates",
        ]),
        .executableTarget(
            name: "emerge-bench",
            dependencies: [
                "EmergeSupport", "ResultsStore", "EmergenceMetrics", "ScalingFits", "Reporting", "ReportBuilding", "InferenceCore",
                "TaskSuite", "Training", "Elicitation", "Experiments", "OpenAIWire", "RemoteBackend", "ModelServer",
                "CBLAS",
            ],
            path: "Benchmarks"
        ),

        .target(name: "EmergeTestSupport", path: "Tests/EmergeTestSupport"),
        .testTarget(name: "EmergeSupportTests", dependencies: ["EmergeSupport"]),
        .testTarget(name: "ResultsStoreTests", dependencies: ["EmergeSupport", "ResultsStore", "TaskSuite", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "EmergenceMetricsTests", dependencies: [
            "EmergeSupport",
            "EmergenceMetrics", "ResultsStore", "TaskSuite", "EmergeTestSupport",
        ]),
        .testTarget(name: "ScalingFitsTests", dependencies: ["EmergeSupport", "ScalingFits", "EmergenceMetrics", "ResultsStore", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ReportingTests", dependencies: ["EmergeSupport", "Reporting", "EmergeTestSupport"]),
        .testTarget(name: "ReportBuildingTests", dependencies: [
            "EmergeSupport",
            "ReportBuilding", "Reporting", "ScalingFits", "EmergenceMetrics", "ResultsStore", "TaskSuite", "EmergeTestSupport",
        ]),
        .testTarget(name: "InferenceCoreTests", dependencies: ["EmergeSupport", "InferenceCore", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "TaskSuiteTests", dependencies: ["EmergeSupport", "TaskSuite"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TrainingTests", dependencies: ["EmergeSupport", "Training", "InferenceCore", "TaskSuite", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ElicitationTests", dependencies: ["EmergeSupport", "Elicitation", "TaskSuite", "EmergeTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ExperimentsTests", dependencies: [
            "EmergeSupport",
            "Experiments", "Elicitation", "EmergenceMetrics", "InferenceCore", "ResultsStore", "TaskSuite", "Training",
            "EmergeTestSupport",
        ]),
        .testTarget(name: "OpenAIWireTests", dependencies: ["OpenAIWire"]),
        .testTarget(name: "ChatTemplatesTests", dependencies: ["ChatTemplates", "InferenceCore"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "RemoteBackendTests", dependencies: [
            "EmergeSupport", "RemoteBackend", "OpenAIWire", "Elicitation", "EmergeTestSupport",
        ]),
        .testTarget(name: "ModelServerTests", dependencies: [
            "ModelServer", "OpenAIWire", "RemoteBackend", "InferenceCore", "Elicitation", "Experiments", "ResultsStore",
            "ChatTemplates",
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "CLITests", dependencies: [
            "EmergeSupport",
            "emerge-analyze", .product(name: "ArgumentParser", package: "swift-argument-parser"), "Elicitation",
            "ResultsStore", "EmergeTestSupport",
        ], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
