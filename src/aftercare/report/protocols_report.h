// Formats the built-in protocols with their sources (report stage), for
// `aftercare protocols`: text for a person, JSON for machines. Pure functions
// of the ingredient DB; thread-safe.
#ifndef AFTERCARE_REPORT_PROTOCOLS_REPORT_H_
#define AFTERCARE_REPORT_PROTOCOLS_REPORT_H_

#include <string>

#include "aftercare/db/ingredient_db.h"

namespace aftercare::report {

// Each protocol (id order): name, procedure, description, its rule, extrapolated
// and advice counts, the lowest SPF it accepts, its own sources with their
// citations, and the other sources its rows cite.
std::string ProtocolsText(const db::IngredientDb& db);
// {"protocols": [{"id", "name", "procedure", "description", "min_spf",
//   "min_spf_sources", "sources", "cites", "rules", "extrapolated", "advice"}],
//  "sources": [{"id", "kind", "citation", "url", "date"}]} - the sources table
// holds every id the protocols and their rows cite, sorted by id.
std::string ProtocolsJson(const db::IngredientDb& db);

}  // namespace aftercare::report

#endif  // AFTERCARE_REPORT_PROTOCOLS_REPORT_H_
