import Testing

@Test func InferenceCorePackageBuilds() { #expect(Bool(true)) }
