import Testing

@Test func TaskSuitePackageBuilds() { #expect(Bool(true)) }
