#include "aftercare/rules/protocol_index.h"

#include <algorithm>

#include "aftercare/rules/explain.h"

namespace aftercare::rules {

ProtocolIndex::ProtocolIndex(const db::Protocol& protocol) : protocol_(protocol) {
  db::CategoryId max_category = -1;
  for (const auto& r : protocol.rules) {
    max_category = std::max(max_category, r.category);
    last_active_day_ = std::max(last_active_day_, r.avoid_until_day.value_or(-1));
    last_active_day_ = std::max(last_active_day_, r.caution_until_day.value_or(-1));
    rule_sources_.push_back(SplitSources(r.source));
  }
  // Grouped by category with a stable order: protocol order within each.
  ranges_.assign(max_category < 0 ? 0 : static_cast<size_t>(max_category) + 1, {0, 0});
  for (const auto& r : protocol.rules) {
    if (r.category >= 0) ++ranges_[static_cast<size_t>(r.category)].second;
  }
  uint32_t at = 0;
  for (auto& [first, second] : ranges_) {
    first = at;
    at += second;
    second = first;  // the end, as the rules are placed
  }
  by_category_.resize(at);
  for (const auto& r : protocol.rules) {
    if (r.category >= 0) by_category_[ranges_[static_cast<size_t>(r.category)].second++] = &r;
  }
  for (const auto& a : protocol.advice) advice_sources_.push_back(SplitSources(a.source));
  min_spf_sources_ = SplitSources(protocol.min_spf_source);
}

std::span<const db::ProtocolRule* const> ProtocolIndex::RulesFor(db::CategoryId c) const {
  if (c < 0 || static_cast<size_t>(c) >= ranges_.size()) return {};
  const auto [first, end] = ranges_[static_cast<size_t>(c)];
  return {by_category_.data() + first, end - first};
}

const db::ProtocolRule* ProtocolIndex::FirstRuleFor(db::CategoryId c) const {
  auto rules = RulesFor(c);
  return rules.empty() ? nullptr : rules.front();
}

const std::vector<std::string>& ProtocolIndex::RuleSources(const db::ProtocolRule& rule) const {
  return rule_sources_[static_cast<size_t>(&rule - protocol_.rules.data())];
}

}  // namespace aftercare::rules
