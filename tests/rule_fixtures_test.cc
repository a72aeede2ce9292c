// Rule fixtures in the semgrep style. Every file under tests/fixtures/rules/<reviewer>/ is
// reviewed by all built-in voters of <reviewer> as one chunk whose every line is "added".
// Annotations are comments (`#`, `//`, `/*`, `-- `, `<!--`) alone on their line:
//   // ruleid: c.strcpy            the next line that is neither blank nor an annotation must
//                                  get a finding of c.strcpy (comment lines can be targets:
//                                  rules about TODOs and commented-out code need them)
//   // ok: c.strcpy, c.sprintf     that line must get none of these
// (several ids are separated by commas). Every embedded check rule needs at least one
// ruleid and one ok case. The Quality test measures precision and recall per voter and per
// voting strategy at the level of categories (docs/rules.md "Measured quality").
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "git/language.h"
#include "reviewers/builtin/builtin_voters.h"
#include "reviewers/builtin/rule_pack.h"
#include "util/text.h"

namespace review {
namespace {

namespace fs = std::filesystem;

struct Annotation {
  bool positive = false;  ///< ruleid (true) or ok (false)
  std::string rule_id;
  int line = 0;           ///< 1-based line the annotation is about
  int annotation_line = 0;
};

struct FixtureFile {
  std::string reviewer;
  std::string path;  ///< relative to tests/fixtures/rules
  std::string language;
  std::string text;
  std::vector<Annotation> annotations;
  std::vector<std::vector<Finding>> findings;  ///< per voter, in voter order
  std::vector<std::string> voter_ids;
};

fs::path fixtures_root() { return fs::path(REVIEW_SOURCE_DIR) / "tests" / "fixtures" / "rules"; }

std::vector<Annotation> parse_annotations(std::string_view text) {
  static const RE2 re(R"(^\s*(?:#|//|/\*|-- |<!--)\s*(ruleid|ok):\s*([A-Za-z0-9._\-]+(?:\s*,\s*[A-Za-z0-9._\-]+)*))");
  auto lines = split_lines(text);
  std::vector<Annotation> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string kind, ids;
    if (!RE2::PartialMatch(re2::StringPiece(lines[i].data(), lines[i].size()), re, &kind, &ids)) continue;
    std::size_t target = i + 1;
    // Skip blank lines and further annotations; a plain comment line can be the target
    // (rules about comments: TODOs, commented-out code).
    while (target < lines.size() &&
           (trim(lines[target]).empty() ||
            RE2::PartialMatch(re2::StringPiece(lines[target].data(), lines[target].size()), re)))
      ++target;
    for (auto& id : split(ids, ',')) {
      Annotation a;
      a.positive = kind == "ruleid";
      a.rule_id = std::string(trim(id));
      a.line = static_cast<int>(target) + 1;
      a.annotation_line = static_cast<int>(i) + 1;
      out.push_back(std::move(a));
    }
  }
  return out;
}

/// Runs every built-in voter of the reviewer over the whole file as one chunk.
void review_fixture(FixtureFile& f) {
  FileDiff file;
  file.path = f.path;
  file.language = f.language;
  file.post_image = f.text;
  file.has_post_image = true;
  int lines = static_cast<int>(split_lines(f.text).size());
  for (int i = 1; i <= lines; ++i) file.added_lines.push_back(i);
  file.added_count = lines;
  Chunk chunk;
  chunk.path = f.path;
  chunk.language = f.language;
  chunk.start_line = 1;
  chunk.end_line = std::max(1, lines);
  chunk.changed_lines = file.added_lines;
  chunk.code = f.text.ends_with('\n') || f.text.empty() ? f.text : f.text + "\n";
  ReviewerInfo info;
  info.name = f.reviewer;
  auto voters = builtin::make_builtin_voters(f.reviewer);
  for (std::size_t v = 0; v < voters.size(); ++v) {
    VoteRequest request{&chunk, &file, &info, static_cast<int>(v)};
    int calls = 0;
    std::vector<Finding> findings;
    voters[v]->submit(request, [&](Ballot b) {
      ++calls;
      findings = std::move(b.findings);
    });
    EXPECT_EQ(calls, 1) << voters[v]->id() << " must call done exactly once";
    f.findings.push_back(std::move(findings));
    f.voter_ids.emplace_back(voters[v]->id());
  }
}

std::vector<FixtureFile> load_fixtures() {
  std::vector<FixtureFile> out;
  if (!fs::exists(fixtures_root())) return out;
  std::vector<fs::path> paths;
  for (const auto& e : fs::recursive_directory_iterator(fixtures_root()))
    if (e.is_regular_file()) paths.push_back(e.path());
  std::ranges::sort(paths);
  for (const auto& p : paths) {
    FixtureFile f;
    fs::path rel = fs::relative(p, fixtures_root());
    f.reviewer = rel.begin()->string();
    f.path = rel.generic_string();
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    f.text = ss.str();
    f.language = detect_language(f.path, std::string_view(f.text).substr(0, 256), PathAttributes{});
    f.annotations = parse_annotations(f.text);
    review_fixture(f);
    out.push_back(std::move(f));
  }
  return out;
}

const std::vector<FixtureFile>& fixtures() {
  static const std::vector<FixtureFile> all = load_fixtures();
  return all;
}

TEST(RuleFixtures, BuiltinPacksAreValid) {
  const auto& set = *builtin::builtin_rules();
  for (const auto& e : set.errors) ADD_FAILURE() << e;
  for (const auto& e : builtin::check_rule_queries(set)) ADD_FAILURE() << e;
  EXPECT_FALSE(set.rules.empty());
}

TEST(RuleFixtures, AnnotationsHold) {
  const auto& set = *builtin::builtin_rules();
  ASSERT_FALSE(fixtures().empty()) << "no fixtures under " << fixtures_root();
  for (const auto& f : fixtures()) {
    for (const auto& a : f.annotations) {
      const builtin::Rule* rule = set.find(a.rule_id);
      if (!rule) {
        ADD_FAILURE() << f.path << ":" << a.annotation_line << ": unknown rule id '" << a.rule_id << "'";
        continue;
      }
      bool hit = false;
      for (const auto& voter : f.findings)
        for (const auto& finding : voter)
          hit |= finding.rule_id == a.rule_id && finding.start_line == a.line;
      if (a.positive && !hit) ADD_FAILURE() << f.path << ":" << a.line << ": missed " << a.rule_id;
      if (!a.positive && hit) ADD_FAILURE() << f.path << ":" << a.line << ": false hit " << a.rule_id;
    }
  }
}

TEST(RuleFixtures, EveryRuleHasPositiveAndNegativeCases) {
  std::map<std::string, std::pair<int, int>> cases;  // rule id -> (ruleid, ok)
  for (const auto& f : fixtures())
    for (const auto& a : f.annotations) (a.positive ? cases[a.rule_id].first : cases[a.rule_id].second)++;
  for (const auto& r : builtin::builtin_rules()->rules) {
    if (r.kind != builtin::RuleKind::check) continue;
    EXPECT_GT(cases[r.id].first, 0) << r.id << " (" << r.origin << ") has no `ruleid:` fixture";
    EXPECT_GT(cases[r.id].second, 0) << r.id << " (" << r.origin << ") has no `ok:` fixture";
  }
}

// --- Quality measurement -------------------------------------------------------------

struct Counts {
  int tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp ? double(tp) / (tp + fp) : 1.0; }
  double recall() const { return tp + fn ? double(tp) / (tp + fn) : 1.0; }
};

/// Category-level points: (file, line, category) → label (+1 ruleid, -1 ok, 0 unlabeled)
/// and the voters (by index) that reported that category on that line (±1 line, the
/// default cluster tolerance).
struct Point {
  int label = 0;
  std::set<int> voters;
};

/// Measures every voter and every strategy of `reviewer`; returns the printed table.
std::string measure(const std::string& reviewer, std::map<std::string, Counts>& out) {
  const auto& set = *builtin::builtin_rules();
  std::vector<std::string> voter_ids;
  std::map<std::tuple<std::string, int, std::string>, Point> points;
  for (const auto& f : fixtures()) {
    if (f.reviewer != reviewer) continue;
    voter_ids = f.voter_ids;
    for (const auto& a : f.annotations) {
      const builtin::Rule* r = set.find(a.rule_id);
      if (!r) continue;
      auto& p = points[{f.path, a.line, r->category}];
      p.label = a.positive ? 1 : (p.label == 1 ? 1 : -1);
    }
    for (std::size_t v = 0; v < f.findings.size(); ++v)
      for (const auto& finding : f.findings[v]) {
        bool placed = false;
        for (int d : {0, -1, 1}) {
          auto it = points.find({f.path, finding.start_line + d, finding.category});
          if (it != points.end() && it->second.label != 0) {
            it->second.voters.insert(static_cast<int>(v));
            placed = true;
            break;
          }
        }
        if (!placed) points[{f.path, finding.start_line, finding.category}].voters.insert(static_cast<int>(v));
      }
  }
  int n = static_cast<int>(voter_ids.size());
  auto count = [&](auto flagged) {
    Counts c;
    for (const auto& [key, p] : points) {
      bool hit = flagged(p);
      if (p.label == 1) (hit ? c.tp : c.fn)++;
      else if (hit) c.fp++;
    }
    return c;
  };
  std::string table = fmt::format("{:<22} {:>9} {:>7} {:>4} {:>4} {:>4}\n", reviewer, "precision", "recall", "tp", "fp", "fn");
  auto row = [&](const std::string& name, const Counts& c) {
    out[name] = c;
    table += fmt::format("{:<22} {:>9.3f} {:>7.3f} {:>4} {:>4} {:>4}\n", name, c.precision(), c.recall(), c.tp, c.fp, c.fn);
  };
  for (int v = 0; v < n; ++v) row(voter_ids[v], count([&](const Point& p) { return p.voters.contains(v); }));
  row("union", count([&](const Point& p) { return !p.voters.empty(); }));
  row("majority", count([&](const Point& p) { return 2 * static_cast<int>(p.voters.size()) > n; }));
  row("threshold(0.3)", count([&](const Point& p) { return static_cast<int>(p.voters.size()) >= 0.3 * n && !p.voters.empty(); }));
  row("unanimous", count([&](const Point& p) { return static_cast<int>(p.voters.size()) == n; }));
  for (const auto& [key, p] : points) {
    if (p.label == 1 || p.voters.empty()) continue;
    std::string who;
    for (int v : p.voters) who += (who.empty() ? "" : ",") + voter_ids[static_cast<std::size_t>(v)];
    table += fmt::format("  not a ruleid line: {}:{} {} ({}) by {}\n", std::get<0>(key), std::get<1>(key),
                         std::get<2>(key), p.label < 0 ? "ok case" : "unlabeled", who);
  }
  return table;
}

TEST(RuleFixtures, Quality) {
  std::set<std::string> reviewers;
  for (const auto& f : fixtures()) reviewers.insert(f.reviewer);
  for (const auto& reviewer : reviewers) {
    std::map<std::string, Counts> counts;
    std::string table = measure(reviewer, counts);
    std::fputs(table.c_str(), stdout);
    // Every ruleid case is found by its own rule (AnnotationsHold), so union misses nothing.
    EXPECT_EQ(counts["union"].fn, 0) << table;
  }
}

}  // namespace
}  // namespace review
