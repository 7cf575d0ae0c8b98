-- How store-v1.db was made: sqlite3 store-v1.db < store-v1.sql; then PRAGMA page_size=1024; VACUUM;
-- The CREATE statements are the v1-core migration's, dumped from a store it created.
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
CREATE TABLE IF NOT EXISTS "model" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL UNIQUE, "family" TEXT, "params" DOUBLE, "non_embedding_params" DOUBLE, "tokens" DOUBLE, "training_flops" DOUBLE, "flops_source" TEXT CHECK ("flops_source" IN ('given', 'estimated')), "checkpoint" TEXT, "source" TEXT);
CREATE TABLE IF NOT EXISTS "task" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL UNIQUE, "kind" TEXT NOT NULL CHECK ("kind" IN ('generation', 'multiple-choice', 'loss')), "description" TEXT);
CREATE TABLE IF NOT EXISTS "example" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "task_id" INTEGER NOT NULL REFERENCES "task"("id") ON DELETE CASCADE, "idx" INTEGER NOT NULL, "prompt" TEXT, "target" TEXT, "choices" TEXT, "gold" INTEGER, UNIQUE ("task_id", "idx"));
CREATE TABLE IF NOT EXISTS "run" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "model_id" INTEGER NOT NULL REFERENCES "model"("id") ON DELETE CASCADE, "task_id" INTEGER NOT NULL REFERENCES "task"("id") ON DELETE CASCADE, "strategy" TEXT NOT NULL, "temperature" DOUBLE NOT NULL, "samples" INTEGER NOT NULL, "seed" INTEGER NOT NULL, "max_tokens" INTEGER, "backend" TEXT NOT NULL, "tool_version" TEXT NOT NULL, "created_at" DATETIME NOT NULL);
CREATE UNIQUE INDEX run_natural_key ON run(
    model_id, task_id, strategy, temperature, samples, seed, IFNULL(max_tokens, -1), backend);
CREATE TABLE IF NOT EXISTS "output" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "run_id" INTEGER NOT NULL REFERENCES "run"("id") ON DELETE CASCADE, "example_id" INTEGER NOT NULL REFERENCES "example"("id") ON DELETE CASCADE, "sample" INTEGER NOT NULL, "generated" TEXT, "extracted_answer" TEXT, "extraction_rule" TEXT, "target_loglikelihood" DOUBLE, "target_greedy" BOOLEAN, UNIQUE ("run_id", "example_id", "sample"));
CREATE TABLE IF NOT EXISTS "token_text" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "text" TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS "token_stream" ("output_id" INTEGER NOT NULL REFERENCES "output"("id") ON DELETE CASCADE, "stream" INTEGER NOT NULL, "count" INTEGER NOT NULL, "token_ids" BLOB NOT NULL, "text_ids" BLOB NOT NULL, "logprobs" BLOB NOT NULL, "greedy" BLOB, "ranks" BLOB, "entropies" BLOB, "top_k" TEXT, PRIMARY KEY ("output_id", "stream")) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS "choice_score" ("output_id" INTEGER NOT NULL REFERENCES "output"("id") ON DELETE CASCADE, "choice_index" INTEGER NOT NULL, "loglikelihood" DOUBLE NOT NULL, "token_count" INTEGER, "greedy" BOOLEAN, PRIMARY KEY ("output_id", "choice_index")) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS "score" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "model_id" INTEGER NOT NULL REFERENCES "model"("id") ON DELETE CASCADE, "task_id" INTEGER NOT NULL REFERENCES "task"("id") ON DELETE CASCADE, "metric" TEXT NOT NULL, "value" DOUBLE, "stderr" DOUBLE, "n" INTEGER, "class_override" TEXT CHECK ("class_override" IN ('threshold', 'per-token', 'nonlinear')), "source" TEXT, UNIQUE ("model_id", "task_id", "metric"));
CREATE INDEX "index_run_on_task_id" ON "run"("task_id");
CREATE INDEX "index_output_on_example_id" ON "output"("example_id");
CREATE INDEX "index_score_on_task_id" ON "score"("task_id");

INSERT INTO grdb_migrations VALUES ('v1-core');
INSERT INTO model (name, family, params, source) VALUES ('m', 'f', 1000000.0, 'v1.jsonl');
INSERT INTO task (name, kind) VALUES ('t', 'generation');
INSERT INTO example (task_id, idx, prompt, target) VALUES (1, 0, 'Q0', 'A0');
INSERT INTO run (model_id, task_id, strategy, temperature, samples, seed, max_tokens, backend, tool_version, created_at)
  VALUES (1, 1, 'standard', 0, 1, 0, NULL, 'local', '0.1.0', '2026-11-26 22:00:00.000');
INSERT INTO output (run_id, example_id, sample, generated, extracted_answer, extraction_rule)
  VALUES (1, 1, 0, 'A0', NULL, 'none');
INSERT INTO token_text (text) VALUES ('tok0'), ('tok1'), ('tok2');
INSERT INTO token_stream VALUES (1, 0, 4, X'0a000000000000000b000000000000000c000000000000000d00000000000000', X'0100000000000000020000000000000003000000000000000100000000000000', X'000000000000d0bf000000000000e0bf000000000000e8bf000000000000f0bf', X'010001ff', X'0100000000000000020000000000000001000000000000000000000000000080', NULL, NULL);
INSERT INTO score (model_id, task_id, metric, value, stderr, n, source) VALUES (1, 1, 'acc', 0.25, 0.05, 100, 'v1.csv');
