// The category taxonomies of the default reviewers. Voters of one reviewer must report in
// its taxonomy so that findings of different voters about the same problem cluster and vote
// together (DESIGN.md "Finding"). Security uses CWE ids (https://cwe.mitre.org); the others
// are this project's own problem classes, listed with their meaning in docs/taxonomy.md.
#pragma once

#include <span>
#include <string_view>

namespace review {

struct CategoryInfo {
  std::string_view id;     ///< e.g. "CWE-78", "string-concat-in-loop", "complexity"
  std::string_view title;  ///< short human title
};

/// The taxonomy of a default reviewer ("security", "performance", "style"); empty for others.
std::span<const CategoryInfo> default_taxonomy(std::string_view reviewer);

/// Title of a category in a default reviewer's taxonomy, or "" if it is not in it.
std::string_view category_title(std::string_view reviewer, std::string_view category);

}  // namespace review
