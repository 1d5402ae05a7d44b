// aftercare: the one umbrella header. Analyzer is the facade built once (it
// loads the ingredient DB, the normaliser and the compiled patterns) and passed
// down to every stage. Immutable after Open(): safe to share between threads.
#ifndef AFTERCARE_AFTERCARE_H_
#define AFTERCARE_AFTERCARE_H_

#include <memory>
#include <string>

#include "aftercare/base/status.h"
#include "aftercare/db/ingredient_db.h"
#include "aftercare/match/label_matcher.h"
#include "aftercare/match/matcher.h"
#include "aftercare/text/label_splitter.h"
#include "aftercare/text/normalizer.h"

namespace aftercare {

class Analyzer {
 public:
  // Opens the DB at `db_path` and builds the in-memory index (ingredient rows
  // come later, on first use, thread-safely).
  // Errors as db::IngredientDb::Open (kNotFound, kVersionMismatch, kIoError,
  // kDataError).
  static Result<Analyzer> Open(const std::string& db_path, const db::IngredientDb::LoadOptions& options = {
                                                               .functions = false, .table_counts = false});

  const db::IngredientDb& db() const { return *db_; }
  const text::Normalizer& normalizer() const { return *normalizer_; }
  const match::Matcher& matcher() const { return *matcher_; }
  const match::LabelMatcher& label_matcher() const { return *label_matcher_; }

  // Reads a whole label: split, normalise, match every ingredient.
  match::ParsedLabel ParseLabel(std::string_view label, const match::ParseOptions& options = {}) const {
    return label_matcher_->Parse(label, options);
  }

 private:
  Analyzer() = default;
  // unique_ptrs keep addresses stable: the matcher points at the db and normaliser.
  std::unique_ptr<db::IngredientDb> db_;
  std::unique_ptr<text::Normalizer> normalizer_;
  std::unique_ptr<match::Matcher> matcher_;
  std::unique_ptr<text::LabelSplitter> splitter_;
  std::unique_ptr<match::LabelMatcher> label_matcher_;
};

}  // namespace aftercare

#endif  // AFTERCARE_AFTERCARE_H_
