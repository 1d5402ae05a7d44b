// What the verdict rules read of one protocol for every product, worked out
// once (rules stage): its rules by category in protocol order, each rule's
// sources and each day advice's sources already split, the last day any rule
// is active. A scan or a stock review makes one for all its products.
// Immutable after construction: safe to share between threads.
#ifndef AFTERCARE_RULES_PROTOCOL_INDEX_H_
#define AFTERCARE_RULES_PROTOCOL_INDEX_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "aftercare/db/ingredient_db.h"

namespace aftercare::rules {

class ProtocolIndex {
 public:
  // REQUIRES: `protocol` outlives the index and is not changed while it lives.
  explicit ProtocolIndex(const db::Protocol& protocol);

  const db::Protocol& protocol() const { return protocol_; }

  // The rules of category `c`, in protocol order (views into the protocol);
  // empty for a category with no rule, or c < 0.
  std::span<const db::ProtocolRule* const> RulesFor(db::CategoryId c) const;
  // The first of them, or nullptr.
  const db::ProtocolRule* FirstRuleFor(db::CategoryId c) const;
  // Whether the protocol has a rule for `c`, with a window or not.
  bool Ruled(db::CategoryId c) const { return !RulesFor(c).empty(); }

  // SplitSources(rule.source). REQUIRES: `rule` is one of protocol().rules.
  const std::vector<std::string>& RuleSources(const db::ProtocolRule& rule) const;
  // SplitSources(protocol().advice[k].source). REQUIRES: k < protocol().advice.size().
  const std::vector<std::string>& AdviceSources(size_t k) const { return advice_sources_[k]; }
  // SplitSources(protocol().min_spf_source).
  const std::vector<std::string>& MinSpfSources() const { return min_spf_sources_; }

  // The last day on which any rule avoids or cautions; -1 when none has a window.
  int last_active_day() const { return last_active_day_; }

 private:
  const db::Protocol& protocol_;
  // ranges_[c]: [first, second) of by_category_ holds the rules of category c.
  std::vector<std::pair<uint32_t, uint32_t>> ranges_;
  std::vector<const db::ProtocolRule*> by_category_;
  std::vector<std::vector<std::string>> rule_sources_;  // per rule, in protocol order
  std::vector<std::vector<std::string>> advice_sources_;
  std::vector<std::string> min_spf_sources_;
  int last_active_day_ = -1;
};

}  // namespace aftercare::rules

#endif  // AFTERCARE_RULES_PROTOCOL_INDEX_H_
