import Testing

@Test func ElicitationPackageBuilds() { #expect(Bool(true)) }
