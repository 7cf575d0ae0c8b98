import Foundation

/// Which columns of a models CSV hold which facts, and their units.
/// A scale multiplies the cell: "Model Size (B)" with `paramsScale` 1e9,
/// "Pretraining Data Size (T)" with `tokensScale` 1e12, "FLOPs (1E21)" with
/// `flopsScale` 1e21.
public struct ModelsCSVOptions: Sendable {
    public var nameColumn: String
    public var familyColumn: String?
    public var paramsColumn: String?
    public var paramsScale: Double
    public var nonEmbeddingParamsColumn: String?
    public var tokensColumn: String?
    public var tokensScale: Double
    public var flopsColumn: String?
    public var flopsScale: Double
    public var checkpointColumn: String?

    public init(nameColumn: String, familyColumn: String? = nil, paramsColumn: String? = nil, paramsScale: Double = 1,
                nonEmbeddingParamsColumn: String? = nil, tokensColumn: String? = nil, tokensScale: Double = 1,
                flopsColumn: String? = nil, flopsScale: Double = 1, checkpointColumn: String? = nil) {
        self.nameColumn = nameColumn; self.familyColumn = familyColumn; self.paramsColumn = paramsColumn
        self.paramsScale = paramsScale; self.nonEmbeddingParamsColumn = nonEmbeddingParamsColumn
        self.tokensColumn = tokensColumn; self.tokensScale = tokensScale; self.flopsColumn = flopsColumn
        self.flopsScale = flopsScale; self.checkpointColumn = checkpointColumn
    }
}

extension ResultsDatabase {
    /// Imports a table of models (one row per model) in one transaction.
    /// Missing cells leave the stored fact unchanged (never zero). FLOPs from
    /// the file are "given"; without them, 6·N·D is stored as "estimated"
    /// when parameters and tokens are known. Rows that are entirely empty
    /// are skipped; a row without a name is an error.
    @discardableResult
    public func importModelsCSV(atPath path: String, options o: ModelsCSVOptions) throws -> ImportSummary {
        let table = try CSVFile(path: path)
        let name = try table.columnIndex(o.nameColumn, option: "--name-column")
        let family = try o.familyColumn.map { try table.columnIndex($0, option: "--family-column") }
        let params = try o.paramsColumn.map { try table.columnIndex($0, option: "--params-column") }
        let nonEmbedding = try o.nonEmbeddingParamsColumn.map { try table.columnIndex($0, option: "--non-embedding-params-column") }
        let tokens = try o.tokensColumn.map { try table.columnIndex($0, option: "--tokens-column") }
        let flops = try o.flopsColumn.map { try table.columnIndex($0, option: "--flops-column") }
        let checkpoint = try o.checkpointColumn.map { try table.columnIndex($0, option: "--checkpoint-column") }
        for (scale, option) in [(o.paramsScale, "--params-scale"), (o.tokensScale, "--tokens-scale"), (o.flopsScale, "--flops-scale")]
            where !(scale.isFinite && scale > 0) {
            throw StoreError("\(option) must be a positive number, found \(scale).")
        }

        var updates: [ModelUpdate] = []
        for row in table.rows {
            if row.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard let modelName = table.text(row, name) else {
                throw StoreError(file: table.file, line: row.line, column: row.columns[name],
                                 "expected a model name in column \"\(table.header[name])\".")
            }
            updates.append(ModelUpdate(
                name: modelName,
                family: family.flatMap { table.text(row, $0) },
                params: try params.flatMap { try table.number(row, $0, scale: o.paramsScale, what: "the parameter count") },
                nonEmbeddingParams: try nonEmbedding.flatMap { try table.number(row, $0, scale: o.paramsScale, what: "the non-embedding parameter count") },
                tokens: try tokens.flatMap { try table.number(row, $0, scale: o.tokensScale, what: "the training tokens") },
                trainingFlops: try flops.flatMap { try table.number(row, $0, scale: o.flopsScale, what: "the training FLOPs") },
                checkpoint: checkpoint.flatMap { table.text(row, $0) },
                source: path))
        }
        return try writeTransaction { w in
            for u in updates { try w.upsertModel(u) }
            return w.summary
        }
    }
}
