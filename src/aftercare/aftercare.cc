#include "aftercare/aftercare.h"

namespace aftercare {

Result<Analyzer> Analyzer::Open(const std::string& db_path, const db::IngredientDb::LoadOptions& options) {
  Analyzer a;
  ASSIGN_OR_RETURN(db::IngredientDb db, db::IngredientDb::Open(db_path, options));
  a.db_ = std::make_unique<db::IngredientDb>(std::move(db));
  ASSIGN_OR_RETURN(text::Normalizer norm, text::Normalizer::Create(a.db_->fold_table()));
  a.normalizer_ = std::make_unique<text::Normalizer>(norm);
  ASSIGN_OR_RETURN(a.matcher_, match::Matcher::Create(a.db_.get(), a.normalizer_.get()));
  ASSIGN_OR_RETURN(a.splitter_, text::LabelSplitter::Create());
  a.label_matcher_ = std::make_unique<match::LabelMatcher>(a.matcher_.get(), a.splitter_.get());
  return a;
}

}  // namespace aftercare
