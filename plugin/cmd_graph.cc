// `review graph`: the configured workflow as a Mermaid flowchart — the change, the path
// filter, chunking, each enabled reviewer with its voters and voting rule, the LLM backend
// the LLM voters call, and the merged report with its policy and outputs. Paste it into any
// Markdown that renders Mermaid (GitHub does). Makes no calls and reads no diff.
#include <fmt/format.h>

#include <cstdio>
#include <string>

#include "plugin/commands.h"
#include "plugin/config.h"
#include "util/text.h"

namespace review {

namespace {

/// Text for a quoted Mermaid label: quotes and angle brackets as entities, except the
/// "<br/>" line breaks this file puts in labels.
std::string label(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (text.substr(i, 5) == "<br/>") {
      out += "<br/>";
      i += 4;
    } else if (c == '"') {
      out += "#quot;";
    } else if (c == '<') {
      out += "#lt;";
    } else if (c == '>') {
      out += "#gt;";
    } else {
      out += c;
    }
  }
  return out;
}

/// A Mermaid node id from a reviewer name (letters, digits, '_').
std::string node_id(std::string_view name) {
  std::string out = "r_";
  for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

std::string source_text(const Options& options) {
  const auto& s = options.source;
  switch (s.kind) {
    case SourceKind::staged: return "staged: HEAD → index";
    case SourceKind::worktree: return "worktree: HEAD → working tree";
    case SourceKind::commit: return "commit " + s.rev;
    case SourceKind::range: return "range " + s.rev;
    case SourceKind::base: return "base: merge-base(" + s.rev + ", HEAD) → HEAD";
    case SourceKind::patch: return "patch " + s.rev;
  }
  return "change";
}

std::string policy_text(const ReviewerConfig& r) {
  std::string s = fmt::format("vote: {}", to_string(r.policy.strategy));
  if (r.policy.strategy == Strategy::threshold) s += fmt::format(" ≥ {}", r.policy.threshold);
  return s + fmt::format("<br/>quorum {}", r.policy.quorum);
}

std::string voter_text(const ReviewerConfig& r, const VoterConfig& v, std::size_t index) {
  std::string name = !v.id.empty() ? v.id : fmt::format("{}.{}-{}", r.name, to_string(v.kind), index + 1);
  std::string detail = to_string(v.kind);
  if (!v.variant.empty()) detail += ", " + v.variant;
  if (v.kind == VoterKind::command) detail += ": " + v.command;
  if (v.weight != 1.0) detail += fmt::format(", weight {}", v.weight);
  return name + "<br/>" + detail;
}

std::string workflow_mermaid(const Config& config, const Options& options) {
  std::string out = "flowchart LR\n";
  out += fmt::format("  change[\"{}\"]\n", label(source_text(options)));
  std::string before_chunks = "change";
  if (!config.include.empty() || !config.exclude.empty()) {
    out += fmt::format("  paths[\"paths: include {} / exclude {}\"]\n", label(join(config.include, ", ")),
                       label(join(config.exclude, ", ")));
    out += "  change --> paths\n";
    before_chunks = "paths";
  }
  if (options.shard) {
    out += fmt::format("  shard[\"shard {}\"]\n", label(*options.shard));
    out += fmt::format("  {} --> shard\n", before_chunks);
    before_chunks = "shard";
  }
  out += fmt::format("  chunks[\"chunks<br/>tree-sitter, ≤ {} tokens\"]\n", config.token_budget);
  out += fmt::format("  {} --> chunks\n", before_chunks);
  std::string fail_on = config.fail_on ? to_string(*config.fail_on) : "none";
  out += fmt::format("  merged[[\"merged report<br/>sorted, min-confidence {}, fail-on {}\"]]\n", config.min_confidence,
                     fail_on);
  bool uses_llm = false;
  for (const auto& r : config.reviewers) {
    if (!r.enabled) continue;
    std::string id = node_id(r.name);
    out += fmt::format("  subgraph {}[\"{} reviewer\"]\n", id, label(r.name));
    std::vector<std::string> voter_ids;
    if (r.voters.empty()) {
      std::string kind = config.llm.configured() ? "LLM" : "built-in";
      for (int i = 0; i < 3; ++i) {
        voter_ids.push_back(fmt::format("{}_v{}", id, i));
        out += fmt::format("    {}[\"default voter {}<br/>{}\"]\n", voter_ids.back(), i + 1, kind);
      }
      uses_llm = uses_llm || config.llm.configured();
    } else {
      for (std::size_t i = 0; i < r.voters.size(); ++i) {
        voter_ids.push_back(fmt::format("{}_v{}", id, i));
        out += fmt::format("    {}[\"{}\"]\n", voter_ids.back(), label(voter_text(r, r.voters[i], i)));
        uses_llm = uses_llm || r.voters[i].kind == VoterKind::llm;
      }
    }
    out += fmt::format("    {}_vote{{\"{}\"}}\n", id, label(policy_text(r)));
    out += "  end\n";
    for (const auto& v : voter_ids) out += fmt::format("  chunks --> {0}\n  {0} --> {1}_vote\n", v, id);
    out += fmt::format("  {}_vote --> merged\n", id);
    bool default_llm = r.voters.empty() && config.llm.configured();
    for (std::size_t i = 0; i < voter_ids.size(); ++i)
      if (default_llm || (i < r.voters.size() && r.voters[i].kind == VoterKind::llm))
        out += fmt::format("  {} -.-> llm\n", voter_ids[i]);
  }
  if (uses_llm) {
    std::string model = config.llm.model.empty() ? "default model" : config.llm.model;
    out += fmt::format("  llm[(\"LLM: {} {}<br/>≤ {} in flight, {}\")]\n", label(config.llm.provider), label(model),
                       config.llm.max_in_flight, config.llm.policy);
  }
  std::vector<std::string> sinks{config.format + " → stdout"};
  for (const auto& o : options.outputs) sinks.push_back(o);
  out += fmt::format("  output[/\"{}\"/]\n", label(join(sinks, "<br/>")));
  out += "  merged --> output\n";
  return out;
}

}  // namespace

Expected<ExitCode> run_graph_command(const Options& options) {
  auto config = load_config(options, find_repo_root(options.repo_path));
  if (!config) return std::unexpected(config.error());
  std::string text = workflow_mermaid(*config, options);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return ExitCode::clean;
}

}  // namespace review
