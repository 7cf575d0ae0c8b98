import Testing

@Test func EmergenceMetricsPackageBuilds() { #expect(Bool(true)) }
