import Testing

@Test func ResultsStorePackageBuilds() { #expect(Bool(true)) }
