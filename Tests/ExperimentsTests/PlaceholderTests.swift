import Testing

@Test func ExperimentsPackageBuilds() { #expect(Bool(true)) }
