// The answers a run's scans gave, kept to answer the same questions again
// without the data (the answers cache: docs/cache.md).
//
// The period-level evaluation (aggregate.h's Evaluate) asks an
// AggregateSource for aggregate states, per period or per group and finest
// period, and for row counts. For one plan (the same contract, settings and
// inputs) over the same data it asks the same questions and gets the same
// answers, whatever engine scanned. A RecordingSource passes the questions
// on to the engine's source and keeps each answer in an AnswerRecord; the
// record is written to a file next to the column cache. A later run of the
// same contract over the same files reads the record back and evaluates from
// a ReplaySource, with no data read and no scan compiled or run: the
// statement comes out identical, because it is worked out by the same code
// from the same states.
//
// A question the record has no answer for (which a correct key never
// allows) makes the ReplaySource throw AnswerMissing; the caller then runs
// as though there were no record.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/exec/aggregate.h"

namespace ocf::exec {

struct AnswerMissing : std::runtime_error {
  explicit AnswerMissing(const std::string& what) : std::runtime_error(what) {}
};

// Every answer a source gave, by question.
class AnswerRecord {
 public:
  // A record stops keeping answers (and is not worth writing) once they
  // would take more than this many bytes: a million groups' states are
  // cheaper to scan again than to keep twice.
  static constexpr size_t kMaxBytes = 64u << 20;

  AnswerRecord();
  ~AnswerRecord();
  AnswerRecord(AnswerRecord&&) noexcept;
  AnswerRecord& operator=(AnswerRecord&&) noexcept;

  // Rows read per plan table (EvaluateInput::table_rows), set by whoever
  // records or reads the record.
  std::vector<int64_t> table_rows;

  // False once the answers outgrew kMaxBytes (they are then dropped).
  bool complete() const;

  // The record as bytes, and back (nullopt when `bytes` is not one: short,
  // corrupt, or written by another layout).
  std::string Serialize() const;
  static std::optional<AnswerRecord> Parse(std::string_view bytes);

  // The answers by question (answers.cc's).
  struct Data;

 private:
  friend class RecordingSource;
  friend class ReplaySource;
  std::unique_ptr<Data> data_;
};

// Passes every question on to `inner` and keeps its answer in `record`.
class RecordingSource : public AggregateSource {
 public:
  RecordingSource(AggregateSource& inner, AnswerRecord& record) : inner_(inner), record_(record) {}

  AggState State(size_t agg, const Period& period) override;
  GroupCells GroupStates(size_t agg, const Period* only) override;
  GroupCells Presence(size_t t, size_t column) override;
  bool Mergeable(size_t agg) override;
  int64_t OutsideTerm(size_t t) override;
  int64_t BaselineRows(size_t t) override;

 private:
  AggregateSource& inner_;
  AnswerRecord& record_;
};

// Answers from a record; throws AnswerMissing for a question it lacks.
class ReplaySource : public AggregateSource {
 public:
  explicit ReplaySource(const AnswerRecord& record) : record_(record) {}

  AggState State(size_t agg, const Period& period) override;
  GroupCells GroupStates(size_t agg, const Period* only) override;
  GroupCells Presence(size_t t, size_t column) override;
  bool Mergeable(size_t agg) override;
  int64_t OutsideTerm(size_t t) override;
  int64_t BaselineRows(size_t t) override;

 private:
  const AnswerRecord& record_;
};

}  // namespace ocf::exec
