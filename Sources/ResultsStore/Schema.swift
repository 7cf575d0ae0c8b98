import GRDB

/// The store's schema, versioned by GRDB migrations (docs/design.md#store).
///
/// Per-token records live in `token_stream`: one row per (output, stream)
/// holding the stream's tokens as packed columns. A row per token costs
/// SQLite about 2 µs to insert on this project's machine, which caps imports
/// near 400,000 rows/s before any parsing; packed streams remove that cost
/// and read back as fast as memory. Token texts are interned in `token_text`
/// (a vocabulary is a few ten thousand strings; a store holds millions of
/// token records).
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-core") { db in
            try db.create(table: "model") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("family", .text)
                t.column("params", .double)
                t.column("non_embedding_params", .double)
                t.column("tokens", .double)
                t.column("training_flops", .double)
                t.column("flops_source", .text).check { ["given", "estimated"].contains($0) }
                t.column("checkpoint", .text)
                t.column("source", .text)
            }
            try db.create(table: "task") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("kind", .text).notNull()
                    .check { TaskKind.allCases.map(\.rawValue).contains($0) }
                t.column("description", .text)
            }
            try db.create(table: "example") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("task_id", .integer).notNull().references("task", onDelete: .cascade)
                t.column("idx", .integer).notNull()
                t.column("prompt", .text)
                t.column("target", .text)
                t.column("choices", .text) // JSON array of the choice texts
                t.column("gold", .integer)
                t.uniqueKey(["task_id", "idx"])
            }
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("model_id", .integer).notNull().references("model", onDelete: .cascade)
                t.column("task_id", .integer).notNull().references("task", onDelete: .cascade)
                t.column("strategy", .text).notNull()
                t.column("temperature", .double).notNull()
                t.column("samples", .integer).notNull()
                t.column("seed", .integer).notNull()
                t.column("max_tokens", .integer)
                t.column("backend", .text).notNull()
                t.column("tool_version", .text).notNull()
                t.column("created_at", .datetime).notNull()
            }
            // The run's natural key; a missing max_tokens is one value, not many.
            try db.execute(sql: """
                CREATE UNIQUE INDEX run_natural_key ON run(
                    model_id, task_id, strategy, temperature, samples, seed, IFNULL(max_tokens, -1), backend)
                """)
            try db.create(table: "output") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
                t.column("example_id", .integer).notNull().references("example", onDelete: .cascade)
                t.column("sample", .integer).notNull()
                t.column("generated", .text)
                t.column("extracted_answer", .text)
                t.column("extraction_rule", .text)
                t.column("target_loglikelihood", .double)
                t.column("target_greedy", .boolean)
                t.uniqueKey(["run_id", "example_id", "sample"])
            }
            try db.create(table: "token_text") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("text", .text).notNull().unique()
            }
            // Per-token records, packed per (output, stream) as little-endian
            // columns: a million tokens are ten thousand rows, written and
            // scanned at memory speed (see TokenPacking for the encoding).
            try db.create(table: "token_stream", options: [.withoutRowID]) { t in
                t.column("output_id", .integer).notNull()
                    .references("output", onDelete: .cascade)
                t.column("stream", .integer).notNull() // 0 = target (teacher forcing), 1 = generated
                t.column("count", .integer).notNull()
                t.column("token_ids", .blob).notNull()  // Int64 × count
                t.column("text_ids", .blob).notNull()   // Int64 × count, into token_text
                t.column("logprobs", .blob).notNull()   // Float64 × count
                t.column("greedy", .blob)               // UInt8 × count: 0, 1, 255 = unknown; NULL if all unknown
                t.column("ranks", .blob)                // Int64 × count, Int64.min = unknown; NULL if all unknown
                t.column("entropies", .blob)            // Float64 × count, NaN = unknown; NULL if all unknown
                t.column("top_k", .text)                // JSON array, one entry (array or null) per token
                t.primaryKey(["output_id", "stream"])
            }
            try db.create(table: "choice_score", options: [.withoutRowID]) { t in
                t.column("output_id", .integer).notNull()
                    .references("output", onDelete: .cascade)
                t.column("choice_index", .integer).notNull()
                t.column("loglikelihood", .double).notNull()
                t.column("token_count", .integer)
                t.column("greedy", .boolean)
                t.primaryKey(["output_id", "choice_index"])
            }
            try db.create(table: "score") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("model_id", .integer).notNull().references("model", onDelete: .cascade)
                t.column("task_id", .integer).notNull().references("task", onDelete: .cascade)
                t.column("metric", .text).notNull()
                t.column("value", .double)
                t.column("stderr", .double)
                t.column("n", .integer)
                t.column("class_override", .text)
                    .check { ["threshold", "per-token", "nonlinear"].contains($0) }
                t.column("source", .text)
                t.uniqueKey(["model_id", "task_id", "metric"])
            }
            try db.create(indexOn: "run", columns: ["task_id"])
            try db.create(indexOn: "output", columns: ["example_id"])
            try db.create(indexOn: "score", columns: ["task_id"])
        }
        // A strategy's trace (self-consistency votes, tree of thoughts' tree)
        // as JSON text; NULL for outputs without one and for older stores.
        migrator.registerMigration("v2-output-trace") { db in
            try db.alter(table: "output") { t in t.add(column: "trace", .text) }
        }
        // Checkpoints and seeds: a model may be one checkpoint of a size group
        // (`size_group` names the size, `step` its training step) or one seed
        // of a size (`seed`). Aggregate scores gain a strategy (the harness's
        // few-shot count, "0-shot"), so zero- and five-shot results of one
        // model sit side by side; the score table is rebuilt because SQLite
        // cannot change a table's unique key in place.
        migrator.registerMigration("v3-checkpoints-seeds-score-strategy") { db in
            try db.alter(table: "model") { t in
                t.add(column: "size_group", .text)
                t.add(column: "step", .integer)
                t.add(column: "seed", .integer)
            }
            try db.create(table: "score_v3") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("model_id", .integer).notNull().references("model", onDelete: .cascade)
                t.column("task_id", .integer).notNull().references("task", onDelete: .cascade)
                t.column("metric", .text).notNull()
                t.column("strategy", .text)
                t.column("value", .double)
                t.column("stderr", .double)
                t.column("n", .integer)
                t.column("class_override", .text)
                    .check { ["threshold", "per-token", "nonlinear"].contains($0) }
                t.column("source", .text)
            }
            try db.execute(sql: """
                INSERT INTO score_v3 (id, model_id, task_id, metric, strategy, value, stderr, n, class_override, source)
                SELECT id, model_id, task_id, metric, NULL, value, stderr, n, class_override, source FROM score
                """)
            try db.drop(table: "score")
            try db.rename(table: "score_v3", to: "score")
            // A missing strategy is one value, not many.
            try db.execute(sql: """
                CREATE UNIQUE INDEX score_natural_key ON score(model_id, task_id, metric, IFNULL(strategy, ''))
                """)
            try db.create(indexOn: "score", columns: ["task_id"])
            try db.create(indexOn: "model", columns: ["size_group"])
        }
        // BIG-bench JSON tasks (docs/bigbench.md). An example may accept
        // several targets: `example.target` keeps the first, `example_target`
        // the others in order. A task renders its few-shot prompts and
        // post-processes outputs by its own formatting keys, kept as a JSON
        // object in `task_format` (style "bigbench").
        migrator.registerMigration("v4-example-targets") { db in
            try db.create(table: "example_target", options: [.withoutRowID]) { t in
                t.column("example_id", .integer).notNull().references("example", onDelete: .cascade)
                t.column("position", .integer).notNull() // 1, 2, …: position 0 is example.target
                t.column("text", .text).notNull()
                t.primaryKey(["example_id", "position"])
            }
            try db.create(table: "task_format", options: [.withoutRowID]) { t in
                t.primaryKey("task_id", .integer).references("task", onDelete: .cascade)
                t.column("style", .text).notNull()
                t.column("format", .text).notNull()
            }
        }
        return migrator
    }

    /// Tables whose row counts describe the store's content (tests, `init`).
    static let contentTables = ["model", "task", "example", "run", "output", "token_stream", "token_text",
                                "choice_score", "score", "example_target", "task_format"]
}
