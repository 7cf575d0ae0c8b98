import Testing

@Test func CLIPackageBuilds() { #expect(Bool(true)) }
