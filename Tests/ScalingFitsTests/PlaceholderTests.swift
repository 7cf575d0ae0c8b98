import Testing

@Test func ScalingFitsPackageBuilds() { #expect(Bool(true)) }
