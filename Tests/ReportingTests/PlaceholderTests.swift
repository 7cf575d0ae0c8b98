import Testing

@Test func ReportingPackageBuilds() { #expect(Bool(true)) }
