import Testing

@Test func TrainingPackageBuilds() { #expect(Bool(true)) }
