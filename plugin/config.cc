// Configuration loading: the key table, four layers parsed into one map of effective values
// (each with its origin), then materialised into the Config struct.
//
// The map is keyed by concrete dotted keys ("reviewers.security.quorum"). Each layer —
// defaults, user file, repository file, environment, flags — overwrites the entries it
// sets, so after the last layer every entry holds the winning value and where it came from.
// Values are checked when a layer is read, so an error can name the file and line.
#include "plugin/config.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <variant>

#include "git/git_handle.h"
#include "reviewers/taxonomy.h"
#include "util/fs.h"
#include "util/text.h"

namespace review {

namespace {

// clang-format off
constexpr KeyInfo k_keys[] = {
  {"fail_on", KeyType::string, "\"high\"", "Exit 1 if a confirmed finding is at or above this severity (none: never)", KeyTrust::any, "none|info|low|medium|high|critical", -1e300, 1e300, "--fail-on"},
  {"min_confidence", KeyType::number, "0.0", "Hide findings whose voter agreement is below this (0..1)", KeyTrust::any, {}, 0, 1, "--min-confidence"},
  {"filter", KeyType::string, "\"added\"", "Which lines findings may touch: added lines, diff context, the whole changed file, or anywhere", KeyTrust::any, "added|diff_context|file|nofilter", -1e300, 1e300, "--filter"},
  {"format", KeyType::string, "\"text\"", "Report format on stdout", KeyTrust::any, "text|json|sarif|markdown|github", -1e300, 1e300, "--format"},
  {"jobs", KeyType::integer, "0", "Worker threads; 0 = all cores", KeyTrust::any, {}, 0, 1024, "--jobs"},
  {"max_file_bytes", KeyType::integer, "1048576", "Files larger than this many bytes are skipped", KeyTrust::any, {}, 1, 1e12},
  {"context_lines", KeyType::integer, "10", "Lines of context around a change when a chunk falls back to the hunk (no grammar, parse error)", KeyTrust::any, {}, 0, 1000},
  {"token_budget", KeyType::integer, "2000", "Largest chunk, in estimated tokens (bytes / 4); bigger definitions are split", KeyTrust::any, {}, 100, 1000000},
  {"paths.include", KeyType::string_list, "[]", "Review only files matching these gitignore-style patterns (empty: all files)"},
  {"paths.exclude", KeyType::string_list, "[]", "Never review files matching these gitignore-style patterns"},
  {"reviewers.*.enabled", KeyType::boolean, "true", "Run this reviewer", KeyTrust::any, {}, -1e300, 1e300, "--aspects"},
  {"reviewers.*.strategy", KeyType::string, "\"majority\"", "How the voters' findings are voted", KeyTrust::any, "majority|unanimous|weighted|threshold|union", -1e300, 1e300, "--strategy"},
  {"reviewers.*.threshold", KeyType::number, "0.7", "Agreement needed to confirm with strategy = \"threshold\"", KeyTrust::any, {}, 0.01, 1},
  {"reviewers.*.quorum", KeyType::integer, "2", "Fewer answering voters than this marks the chunk degraded", KeyTrust::any, {}, 1, 16},
  {"reviewers.*.tolerance", KeyType::integer, "1", "Findings whose line ranges are within this many lines are the same finding", KeyTrust::any, {}, 0, 100},
  {"reviewers.*.voters", KeyType::voter_list, "[]", "Voters: [{kind = \"builtin\"|\"llm\"|\"command\", id, weight, variant, command, prompt, temperature}]; empty = the defaults", KeyTrust::any},
  {"reviewers.*.severity_overrides", KeyType::severity_map, "{}", "Change a rule's severity: { \"py.eval\" = \"low\" }", KeyTrust::any},
  {"reviewers.*.disabled_rules", KeyType::string_list, "[]", "Rule ids never reported", KeyTrust::any},
  {"reviewers.*.taxonomy", KeyType::string_list, "[]", "Categories findings may use (required for custom reviewers; empty = the default taxonomy)", KeyTrust::any},
  {"reviewers.*.rule_packs", KeyType::string_list, "[]", "Extra TOML rule packs for the built-in voters, relative to this file", KeyTrust::any},
  {"llm.provider", KeyType::string, "\"none\"", "LLM voters' API: none (built-in voters only), openai (any OpenAI-compatible server) or anthropic", KeyTrust::trusted_only, "none|openai|anthropic", -1e300, 1e300, "--llm"},
  {"llm.base_url", KeyType::string, "\"\"", "API base URL; empty = the provider's public endpoint", KeyTrust::trusted_only, {}, -1e300, 1e300, "--llm-url"},
  {"llm.model", KeyType::string, "\"\"", "Model name; empty = the provider's default", KeyTrust::any, {}, -1e300, 1e300, "--llm-model"},
  {"llm.api_key_env", KeyType::string, "\"\"", "Environment variable holding the API key; empty = OPENAI_API_KEY or ANTHROPIC_API_KEY", KeyTrust::trusted_only},
  {"llm.max_in_flight", KeyType::integer, "8", "Concurrent LLM requests", KeyTrust::any, {}, 1, 256, "--max-in-flight"},
  {"llm.timeout_ms", KeyType::integer, "60000", "Time limit of one request, milliseconds", KeyTrust::any, {}, 1, 3600000},
  {"llm.rpm", KeyType::integer, "0", "Requests per minute; 0 = unlimited", KeyTrust::any, {}, 0, 1e9},
  {"llm.tpm", KeyType::integer, "0", "Tokens per minute; 0 = unlimited", KeyTrust::any, {}, 0, 1e12},
  {"llm.fallback_model", KeyType::string, "\"\"", "Model to use when the main one keeps failing; empty = none", KeyTrust::any},
  {"llm.policy", KeyType::string, "\"fail-open\"", "On backend failure: fail-open (report what answered, chunks degraded) or fail-closed (exit 3)", KeyTrust::any, "fail-open|fail-closed", -1e300, 1e300, "--policy"},
  {"llm.adaptive", KeyType::boolean, "false", "Skip the third voter when the first two agree", KeyTrust::any},
  {"cache.enabled", KeyType::boolean, "true", "Cache LLM answers by content hash", KeyTrust::any, {}, -1e300, 1e300, "--no-cache"},
  {"cache.dir", KeyType::string, "\"\"", "Cache folder; empty = $XDG_CACHE_HOME/review", KeyTrust::any},
};
// clang-format on

constexpr std::string_view k_reviewer_prefix = "reviewers.*.";
constexpr std::string_view k_sections[] = {"paths", "llm", "cache"};

using StringMap = std::map<std::string, std::string>;

/// A checked value of one of the KeyTypes.
using Value = std::variant<bool, long long, double, std::string, std::vector<std::string>, std::vector<VoterConfig>,
                           StringMap>;

struct Setting {
  Value value;
  ValueOrigin origin;
};

/// The effective values, by concrete key.
using Settings = std::map<std::string, Setting>;

const KeyInfo* find_key(std::string_view key) {
  for (const auto& k : k_keys)
    if (k.key == key) return &k;
  return nullptr;
}

/// "reviewers.security.quorum" → the "reviewers.*.quorum" row (and the reviewer name).
const KeyInfo* find_key_for(std::string_view key, std::string* reviewer = nullptr) {
  if (starts_with(key, "reviewers.")) {
    std::string_view rest = key.substr(10);
    std::size_t dot = rest.find('.');
    if (dot == std::string_view::npos) return nullptr;
    if (reviewer) *reviewer = std::string(rest.substr(0, dot));
    return find_key(std::string(k_reviewer_prefix) + std::string(rest.substr(dot + 1)));
  }
  return find_key(key);
}

bool is_reviewer_key(const KeyInfo& info) { return starts_with(info.key, k_reviewer_prefix); }

std::string reviewer_key(std::string_view reviewer, const KeyInfo& info) {
  return fmt::format("reviewers.{}.{}", reviewer, info.key.substr(k_reviewer_prefix.size()));
}

bool is_path_key(std::string_view key) { return ends_with(key, ".rule_packs") || key == "cache.dir"; }

bool valid_reviewer_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; });
}

std::string describe_type(KeyType type, std::string_view allowed) {
  switch (type) {
    case KeyType::boolean: return "a boolean (true or false)";
    case KeyType::integer: return "an integer";
    case KeyType::number: return "a number";
    case KeyType::string:
      if (allowed.empty()) return "a string";
      return fmt::format("one of {}", fmt::join(split(allowed, '|'), ", "));
    case KeyType::string_list: return "an array of strings";
    case KeyType::voter_list: return "an array of voter tables";
    case KeyType::severity_map: return "a table of rule = severity";
  }
  return "a value";
}

std::string toml_type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    default: return "a date/time";
  }
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    out += c;
  }
  return out + "\"";
}

std::string format_number(double d) {
  std::string s = fmt::format("{}", d);
  if (s.find_first_of(".eE") == std::string::npos && s.find("inf") == std::string::npos) s += ".0";
  return s;
}

std::string value_text(const Value& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, bool>) return x ? "true" : "false";
        else if constexpr (std::is_same_v<T, long long>) return std::to_string(x);
        else if constexpr (std::is_same_v<T, double>) return format_number(x);
        else if constexpr (std::is_same_v<T, std::string>) return quote(x);
        else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          std::vector<std::string> q;
          for (const auto& s : x) q.push_back(quote(s));
          return "[" + join(q, ", ") + "]";
        } else if constexpr (std::is_same_v<T, StringMap>) {
          std::vector<std::string> q;
          for (const auto& [k, s] : x) q.push_back(quote(k) + " = " + quote(s));
          return q.empty() ? "{}" : "{ " + join(q, ", ") + " }";
        } else {
          std::vector<std::string> q;
          for (const auto& voter : x) {
            std::vector<std::string> f{"kind = " + quote(to_string(voter.kind))};
            if (!voter.id.empty()) f.push_back("id = " + quote(voter.id));
            if (voter.weight != 1.0) f.push_back("weight = " + format_number(voter.weight));
            if (!voter.variant.empty()) f.push_back("variant = " + quote(voter.variant));
            if (!voter.command.empty()) f.push_back("command = " + quote(voter.command));
            if (!voter.prompt.empty()) f.push_back("prompt = " + quote(voter.prompt));
            if (voter.temperature) f.push_back("temperature = " + format_number(*voter.temperature));
            q.push_back("{ " + join(f, ", ") + " }");
          }
          return "[" + join(q, ", ") + "]";
        }
      },
      v);
}

/// Builds "config error: <where>: <what>".
struct ErrorSite {
  std::string where;  ///< "file:line", "environment REVIEW_X" or "--flag"
  std::unexpected<Error> operator()(const std::string& what) const {
    return fail(ErrorKind::config, fmt::format("config error: {}: {}", where, what));
  }
};

Expected<void> check_range(const KeyInfo& info, const std::string& key, double v, const ErrorSite& site) {
  if (v < info.min || v > info.max)
    return site(fmt::format("'{}' must be between {} and {}, not {}", key, info.min, info.max, v));
  return {};
}

Expected<void> check_allowed(const KeyInfo& info, const std::string& key, const std::string& v, const ErrorSite& site) {
  if (info.allowed.empty()) return {};
  for (const auto& a : split(info.allowed, '|'))
    if (a == v) return {};
  return site(fmt::format("'{}' must be {}, not {}", key, describe_type(info.type, info.allowed), quote(v)));
}

std::filesystem::path resolve(const std::filesystem::path& base_dir, const std::string& p) {
  if (p.empty()) return {};
  std::filesystem::path path(p);
  if (path.is_relative()) path = base_dir / path;
  return path.lexically_normal();
}

/// Where a file layer is read from, for error messages and relative paths.
struct FileContext {
  std::string file;
  std::filesystem::path base_dir;
  ErrorSite at(const toml::source_region& region) const {
    return ErrorSite{fmt::format("{}:{}", file, region.begin.line)};
  }
};

Expected<VoterConfig> voter_from_node(const std::string& key, int index, const toml::node& node, const FileContext& ctx) {
  ErrorSite site = ctx.at(node.source());
  std::string where = fmt::format("{}[{}]", key, index);
  const toml::table* t = node.as_table();
  if (!t) return site(fmt::format("'{}' must be a table like {{ kind = \"builtin\" }}, not {}", where, toml_type_name(node)));
  VoterConfig voter;
  bool has_kind = false;
  for (auto&& [k, v] : *t) {
    std::string name(k.str());
    ErrorSite vs = ctx.at(v.source());
    auto want_string = [&]() -> Expected<std::string> {
      if (!v.is_string()) return vs(fmt::format("'{}.{}' must be a string, not {}", where, name, toml_type_name(v)));
      return *v.value<std::string>();
    };
    auto want_number = [&]() -> Expected<double> {
      if (!v.is_number()) return vs(fmt::format("'{}.{}' must be a number, not {}", where, name, toml_type_name(v)));
      return *v.value<double>();
    };
    if (name == "kind") {
      auto s = want_string();
      if (!s) return std::unexpected(s.error());
      if (*s == "builtin") voter.kind = VoterKind::builtin;
      else if (*s == "llm") voter.kind = VoterKind::llm;
      else if (*s == "command") voter.kind = VoterKind::command;
      else return vs(fmt::format("'{}.kind' must be one of builtin, llm, command, not {}", where, quote(*s)));
      has_kind = true;
    } else if (name == "id" || name == "variant" || name == "command" || name == "prompt") {
      auto s = want_string();
      if (!s) return std::unexpected(s.error());
      if (name == "id") voter.id = *s;
      else if (name == "variant") voter.variant = *s;
      else if (name == "command") voter.command = *s;
      else voter.prompt = resolve(ctx.base_dir, *s).string();
    } else if (name == "weight" || name == "temperature") {
      auto d = want_number();
      if (!d) return std::unexpected(d.error());
      if (name == "weight") {
        if (*d < 0 || *d > 1000) return vs(fmt::format("'{}.weight' must be between 0 and 1000", where));
        voter.weight = *d;
      } else {
        if (*d < 0 || *d > 2) return vs(fmt::format("'{}.temperature' must be between 0 and 2", where));
        voter.temperature = *d;
      }
    } else {
      return ctx.at(k.source())(fmt::format("unknown key '{}.{}'", where, name));
    }
  }
  if (!has_kind) return site(fmt::format("'{}' needs a kind (builtin, llm or command)", where));
  if (voter.kind == VoterKind::command && voter.command.empty())
    return site(fmt::format("'{}' has kind = \"command\" but no command", where));
  if (voter.kind != VoterKind::command && !voter.command.empty())
    return site(fmt::format("'{}' sets command, but only kind = \"command\" voters run commands", where));
  if (voter.kind != VoterKind::llm && !voter.prompt.empty())
    return site(fmt::format("'{}' sets prompt, but only kind = \"llm\" voters use prompts", where));
  if (!voter.prompt.empty() && !std::filesystem::is_regular_file(voter.prompt))
    return site(fmt::format("'{}.prompt': no such file: {}", where, voter.prompt));
  return voter;
}

/// Converts a TOML node to the key's type, checking type and range.
Expected<Value> value_from_node(const KeyInfo& info, const std::string& key, const toml::node& node,
                                const FileContext& ctx) {
  ErrorSite site = ctx.at(node.source());
  auto wrong_type = [&] {
    return site(fmt::format("'{}' must be {}, not {}", key, describe_type(info.type, info.allowed), toml_type_name(node)));
  };
  switch (info.type) {
    case KeyType::boolean:
      if (!node.is_boolean()) return wrong_type();
      return Value{*node.value<bool>()};
    case KeyType::integer: {
      if (!node.is_integer()) return wrong_type();
      long long v = *node.value<long long>();
      if (auto r = check_range(info, key, static_cast<double>(v), site); !r) return std::unexpected(r.error());
      return Value{v};
    }
    case KeyType::number: {
      if (!node.is_number()) return wrong_type();
      double v = *node.value<double>();
      if (auto r = check_range(info, key, v, site); !r) return std::unexpected(r.error());
      return Value{v};
    }
    case KeyType::string: {
      if (!node.is_string()) return wrong_type();
      std::string v = *node.value<std::string>();
      if (auto r = check_allowed(info, key, v, site); !r) return std::unexpected(r.error());
      if (is_path_key(key)) v = resolve(ctx.base_dir, v).string();
      return Value{v};
    }
    case KeyType::string_list: {
      const toml::array* a = node.as_array();
      if (!a) return wrong_type();
      std::vector<std::string> out;
      for (const auto& item : *a) {
        if (!item.is_string())
          return ctx.at(item.source())(fmt::format("'{}' must be an array of strings, but has {}", key, toml_type_name(item)));
        std::string s = *item.value<std::string>();
        if (is_path_key(key)) {
          std::filesystem::path p = resolve(ctx.base_dir, s);
          if (!std::filesystem::is_regular_file(p))
            return ctx.at(item.source())(fmt::format("'{}': no such file: {}", key, p.string()));
          s = p.string();
        }
        out.push_back(std::move(s));
      }
      return Value{std::move(out)};
    }
    case KeyType::voter_list: {
      const toml::array* a = node.as_array();
      if (!a) return wrong_type();
      std::vector<VoterConfig> voters;
      int index = 0;
      for (const auto& item : *a) {
        auto v = voter_from_node(key, index++, item, ctx);
        if (!v) return std::unexpected(v.error());
        voters.push_back(std::move(*v));
      }
      return Value{std::move(voters)};
    }
    case KeyType::severity_map: {
      const toml::table* t = node.as_table();
      if (!t) return wrong_type();
      StringMap m;
      for (auto&& [k, v] : *t) {
        auto s = v.value<std::string>();
        if (!v.is_string() || !parse_severity(*s))
          return ctx.at(v.source())(fmt::format("'{}.{}' must be one of info, low, medium, high, critical", key, k.str()));
        m[std::string(k.str())] = *s;
      }
      return Value{std::move(m)};
    }
  }
  return wrong_type();
}

/// Converts an environment or flag string to the key's type.
Expected<Value> value_from_text(const KeyInfo& info, const std::string& key, const std::string& text,
                                const ErrorSite& site, const std::filesystem::path& base_dir) {
  std::string t(trim(text));
  auto wrong = [&] { return site(fmt::format("'{}' must be {}, not {}", key, describe_type(info.type, info.allowed), quote(text))); };
  switch (info.type) {
    case KeyType::boolean: {
      std::string l = to_lower(t);
      if (l == "1" || l == "true" || l == "yes" || l == "on") return Value{true};
      if (l == "0" || l == "false" || l == "no" || l == "off") return Value{false};
      return wrong();
    }
    case KeyType::integer: {
      long long v = 0;
      auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
      if (ec != std::errc() || end != t.data() + t.size() || t.empty()) return wrong();
      if (auto r = check_range(info, key, static_cast<double>(v), site); !r) return std::unexpected(r.error());
      return Value{v};
    }
    case KeyType::number: {
      char* end = nullptr;
      double v = std::strtod(t.c_str(), &end);
      if (t.empty() || end != t.c_str() + t.size()) return wrong();
      if (auto r = check_range(info, key, v, site); !r) return std::unexpected(r.error());
      return Value{v};
    }
    case KeyType::string: {
      if (auto r = check_allowed(info, key, text, site); !r) return std::unexpected(r.error());
      return Value{is_path_key(key) ? resolve(base_dir, text).string() : text};
    }
    case KeyType::string_list: {
      std::vector<std::string> out;
      for (const auto& part : split(text, ',')) {
        std::string s(trim(part));
        if (s.empty()) continue;
        out.push_back(is_path_key(key) ? resolve(base_dir, s).string() : s);
      }
      return Value{std::move(out)};
    }
    default:
      return site(fmt::format("'{}' cannot be set from the environment or a flag", key));
  }
}

class Loader {
 public:
  Loader(const Options& options, const std::map<std::string, std::string>& environment)
      : m_options(options), m_env(environment) {}

  Expected<Config> load(const std::filesystem::path& repo_root);

 private:
  Expected<void> apply_defaults();
  Expected<void> apply_file(const std::filesystem::path& file, OriginKind kind, Config& config);
  Expected<void> apply_entry(const std::string& key, const toml::node& node, const toml::source_region& key_source,
                             OriginKind kind, const FileContext& ctx, Config& config);
  Expected<void> apply_environment();
  Expected<void> apply_flags();
  Expected<Config> materialise(Config config);
  void set_flag(const std::string& key, Value value, std::string_view flag) {
    m_settings[key] = Setting{std::move(value), ValueOrigin{OriginKind::flag, "", 0, std::string(flag)}};
  }
  void add_reviewer(const std::string& name) { m_reviewer_names.insert(name); }
  std::vector<std::string> reviewer_order() const;
  const Value& get(const std::string& key) const;

  const Options& m_options;
  const std::map<std::string, std::string>& m_env;
  Settings m_settings;
  std::map<std::string, Value> m_defaults;  ///< by table key ("reviewers.*.quorum")
  std::set<std::string> m_reviewer_names;   ///< every reviewer seen (defaults + custom)
  std::map<std::string, ValueOrigin> m_reviewer_origin;  ///< where a custom reviewer was first defined
};

Expected<void> Loader::apply_defaults() {
  FileContext ctx{"(built-in defaults)", {}};
  for (const auto& info : k_keys) {
    toml::table t;
    try {
      t = toml::parse("v = " + std::string(info.default_toml));
    } catch (const toml::parse_error& e) {
      return fail(ErrorKind::internal, fmt::format("bad default for {}: {}", info.key, e.description()));
    }
    auto v = value_from_node(info, std::string(info.key), *t.get("v"), ctx);
    if (!v) return std::unexpected(v.error());
    m_defaults[std::string(info.key)] = std::move(*v);
  }
  for (auto name : k_default_reviewers) add_reviewer(std::string(name));
  return {};
}

Expected<void> Loader::apply_entry(const std::string& key, const toml::node& node, const toml::source_region& key_source,
                                   OriginKind kind, const FileContext& ctx, Config& config) {
  const KeyInfo* info = find_key_for(key);
  if (!info) return ctx.at(key_source)(fmt::format("unknown key '{}'", key));
  auto value = value_from_node(*info, key, node, ctx);
  if (!value) return std::unexpected(value.error());
  int line = static_cast<int>(node.source().begin.line);
  if (info->trust == KeyTrust::trusted_only && kind == OriginKind::repo_file && !m_options.trust_repo_config) {
    std::string warning = fmt::format(
        "{}:{}: ignoring '{}' from the repository's configuration (it decides where code and keys are sent); "
        "set it in {}, with {} or a flag, or pass --trust-repo-config",
        ctx.file, line, key, user_config_path().string(), env_name_for(key));
    config.warnings.push_back(std::move(warning));
    return {};
  }
  m_settings[key] = Setting{std::move(*value), ValueOrigin{kind, ctx.file, line, ""}};
  return {};
}

Expected<void> Loader::apply_file(const std::filesystem::path& file, OriginKind kind, Config& config) {
  auto text = read_file(file);
  if (!text) return fail(ErrorKind::config, fmt::format("config error: {}", text.error().message));
  FileContext ctx{file.string(), file.parent_path()};
  toml::table root;
  try {
    root = toml::parse(*text, file.string());
  } catch (const toml::parse_error& e) {
    return ctx.at(e.source())(std::string(e.description()));
  }
  for (auto&& [k, node] : root) {
    std::string key(k.str());
    bool section = std::find(std::begin(k_sections), std::end(k_sections), key) != std::end(k_sections);
    if (section) {
      const toml::table* t = node.as_table();
      if (!t) return ctx.at(node.source())(fmt::format("'{}' must be a table", key));
      for (auto&& [k2, node2] : *t)
        if (auto r = apply_entry(key + "." + std::string(k2.str()), node2, k2.source(), kind, ctx, config); !r)
          return r;
    } else if (key == "reviewers") {
      const toml::table* t = node.as_table();
      if (!t) return ctx.at(node.source())("'reviewers' must be a table of reviewers");
      for (auto&& [name_key, reviewer_node] : *t) {
        std::string name(name_key.str());
        if (!valid_reviewer_name(name))
          return ctx.at(name_key.source())(
              fmt::format("reviewer name '{}' may only use letters, digits, '-' and '_'", name));
        const toml::table* rt = reviewer_node.as_table();
        if (!rt) return ctx.at(reviewer_node.source())(fmt::format("'reviewers.{}' must be a table", name));
        add_reviewer(name);
        if (!m_reviewer_origin.count(name))
          m_reviewer_origin[name] = ValueOrigin{kind, ctx.file, static_cast<int>(name_key.source().begin.line), ""};
        for (auto&& [k2, node2] : *rt)
          if (auto r = apply_entry(fmt::format("reviewers.{}.{}", name, k2.str()), node2, k2.source(), kind, ctx, config);
              !r)
            return r;
      }
    } else {
      if (node.is_table() && !find_key(key)) return ctx.at(k.source())(fmt::format("unknown key '{}'", key));
      if (auto r = apply_entry(key, node, k.source(), kind, ctx, config); !r) return r;
    }
  }
  return {};
}

Expected<void> Loader::apply_environment() {
  std::filesystem::path cwd = std::filesystem::absolute(m_options.repo_path);
  for (const auto& info : k_keys) {
    if (is_reviewer_key(info)) continue;
    std::string var = env_name_for(info.key);
    auto it = m_env.find(var);
    if (it == m_env.end()) continue;
    auto value = value_from_text(info, std::string(info.key), it->second, ErrorSite{"environment " + var}, cwd);
    if (!value) return std::unexpected(value.error());
    m_settings[std::string(info.key)] = Setting{std::move(*value), ValueOrigin{OriginKind::environment, "", 0, var}};
  }
  return {};
}

Expected<void> Loader::apply_flags() {
  const Options& o = m_options;
  if (o.fail_on) set_flag("fail_on", *o.fail_on, "--fail-on");
  if (o.min_confidence) set_flag("min_confidence", *o.min_confidence, "--min-confidence");
  if (o.filter) set_flag("filter", *o.filter, "--filter");
  if (o.format_set) set_flag("format", o.format, "--format");
  if (o.jobs) set_flag("jobs", static_cast<long long>(*o.jobs), "--jobs");
  if (o.no_cache) set_flag("cache.enabled", false, "--no-cache");
  if (o.llm) set_flag("llm.provider", *o.llm, "--llm");
  if (o.llm_url) set_flag("llm.base_url", *o.llm_url, "--llm-url");
  if (o.llm_model) set_flag("llm.model", *o.llm_model, "--llm-model");
  if (o.max_in_flight) set_flag("llm.max_in_flight", static_cast<long long>(*o.max_in_flight), "--max-in-flight");
  if (o.policy) set_flag("llm.policy", *o.policy, "--policy");
  if (o.strategy)
    for (const auto& name : m_reviewer_names) set_flag("reviewers." + name + ".strategy", *o.strategy, "--strategy");
  if (o.aspects) {
    std::set<std::string> wanted;
    for (const auto& part : split(*o.aspects, ',')) {
      std::string name(trim(part));
      if (name.empty()) continue;
      if (!m_reviewer_names.count(name))
        return fail(ErrorKind::usage, fmt::format("--aspects: unknown reviewer '{}' (known: {})", name,
                                                  join(reviewer_order(), ", ")));
      wanted.insert(name);
    }
    for (const auto& name : m_reviewer_names)
      set_flag("reviewers." + name + ".enabled", wanted.count(name) > 0, "--aspects");
  }
  return {};
}

std::vector<std::string> Loader::reviewer_order() const {
  std::vector<std::string> names;
  for (auto name : k_default_reviewers) names.emplace_back(name);
  for (const auto& name : m_reviewer_names)
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  return names;
}

const Value& Loader::get(const std::string& key) const {
  if (auto it = m_settings.find(key); it != m_settings.end()) return it->second.value;
  const KeyInfo* info = find_key_for(key);
  return m_defaults.at(std::string(info->key));
}

Expected<Config> Loader::materialise(Config config) {
  auto str = [&](const std::string& k) { return std::get<std::string>(get(k)); };
  auto integer = [&](const std::string& k) { return std::get<long long>(get(k)); };
  auto number = [&](const std::string& k) { return std::get<double>(get(k)); };
  auto boolean = [&](const std::string& k) { return std::get<bool>(get(k)); };
  auto list = [&](const std::string& k) { return std::get<std::vector<std::string>>(get(k)); };

  std::string fail_on = str("fail_on");
  config.fail_on = fail_on == "none" ? std::nullopt : parse_severity(fail_on);
  config.min_confidence = number("min_confidence");
  config.filter = str("filter");
  config.format = str("format");
  config.jobs = static_cast<int>(integer("jobs"));
  config.max_file_bytes = static_cast<std::size_t>(integer("max_file_bytes"));
  config.context_lines = static_cast<int>(integer("context_lines"));
  config.token_budget = static_cast<int>(integer("token_budget"));
  config.include = list("paths.include");
  config.exclude = list("paths.exclude");
  config.paths = PathFilter(config.include, config.exclude);

  config.llm.provider = str("llm.provider");
  config.llm.base_url = str("llm.base_url");
  config.llm.model = str("llm.model");
  config.llm.api_key_env = str("llm.api_key_env");
  config.llm.max_in_flight = static_cast<int>(integer("llm.max_in_flight"));
  config.llm.timeout_ms = static_cast<int>(integer("llm.timeout_ms"));
  config.llm.rpm = static_cast<int>(integer("llm.rpm"));
  config.llm.tpm = static_cast<long>(integer("llm.tpm"));
  config.llm.fallback_model = str("llm.fallback_model");
  config.llm.policy = str("llm.policy");
  config.llm.adaptive = boolean("llm.adaptive");
  config.cache.enabled = boolean("cache.enabled");
  config.cache.dir = str("cache.dir");

  for (const auto& name : reviewer_order()) {
    std::string p = "reviewers." + name + ".";
    ReviewerConfig r;
    r.name = name;
    r.custom = std::find(std::begin(k_default_reviewers), std::end(k_default_reviewers), name) ==
               std::end(k_default_reviewers);
    r.enabled = boolean(p + "enabled");
    r.policy.strategy = *parse_strategy(str(p + "strategy"));
    r.policy.threshold = number(p + "threshold");
    r.policy.quorum = static_cast<int>(integer(p + "quorum"));
    r.policy.line_tolerance = static_cast<int>(integer(p + "tolerance"));
    r.voters = std::get<std::vector<VoterConfig>>(get(p + "voters"));
    for (const auto& v : r.voters) r.policy.weights.push_back(v.weight);
    for (const auto& [rule, sev] : std::get<StringMap>(get(p + "severity_overrides")))
      r.severity_overrides[rule] = *parse_severity(sev);
    r.disabled_rules = list(p + "disabled_rules");
    r.taxonomy = list(p + "taxonomy");
    for (const auto& pack : list(p + "rule_packs")) r.rule_packs.emplace_back(pack);
    if (r.custom) {
      const ValueOrigin& where = m_reviewer_origin[name];
      ErrorSite site{fmt::format("{}:{}", where.file, where.line)};
      if (r.taxonomy.empty())
        return site(fmt::format("custom reviewer '{}' needs a taxonomy (the categories its findings may use)", name));
      if (r.voters.empty())
        return site(fmt::format("custom reviewer '{}' needs voters (builtin with rule_packs, llm, or command)", name));
      bool has_builtin = std::any_of(r.voters.begin(), r.voters.end(),
                                     [](const VoterConfig& v) { return v.kind == VoterKind::builtin; });
      if (has_builtin && r.rule_packs.empty())
        return site(fmt::format("custom reviewer '{}' has a builtin voter but no rule_packs for it to run", name));
    }
    if (r.enabled && !r.voters.empty() && r.policy.quorum > static_cast<int>(r.voters.size())) {
      config.warnings.push_back(fmt::format("reviewer '{}': quorum {} is more than its {} voters; every chunk will be degraded",
                                            name, r.policy.quorum, r.voters.size()));
    }
    config.reviewers.push_back(std::move(r));
  }

  // Entries in table order, with the reviewer keys grouped by reviewer where they start.
  std::vector<std::string> keys;
  bool reviewers_listed = false;
  for (const auto& info : k_keys) {
    if (!is_reviewer_key(info)) {
      keys.emplace_back(info.key);
    } else if (!reviewers_listed) {
      reviewers_listed = true;
      for (const auto& name : reviewer_order())
        for (const auto& rinfo : k_keys)
          if (is_reviewer_key(rinfo)) keys.push_back(reviewer_key(name, rinfo));
    }
  }
  {
    for (const auto& key : keys) {
      auto it = m_settings.find(key);
      ConfigEntry e{key, value_text(get(key)), it == m_settings.end() ? ValueOrigin{} : it->second.origin};
      config.entries.push_back(std::move(e));
    }
  }
  return config;
}

Expected<Config> Loader::load(const std::filesystem::path& repo_root) {
  Config config;
  if (auto r = apply_defaults(); !r) return std::unexpected(r.error());

  std::filesystem::path user_file;
  {
    auto get_env = [&](const char* name) -> std::string {
      auto it = m_env.find(name);
      return it == m_env.end() ? "" : it->second;
    };
    std::string xdg = get_env("XDG_CONFIG_HOME");
    std::string home = get_env("HOME");
    user_file = !xdg.empty()   ? std::filesystem::path(xdg) / "review" / "config.toml"
                : !home.empty() ? std::filesystem::path(home) / ".config" / "review" / "config.toml"
                                : std::filesystem::path();
  }
  std::error_code ec;
  if (!user_file.empty() && std::filesystem::is_regular_file(user_file, ec)) {
    if (auto r = apply_file(user_file, OriginKind::user_file, config); !r) return std::unexpected(r.error());
    config.user_config_file = user_file.string();
  }

  std::filesystem::path repo_file;
  if (m_options.config_path) {
    repo_file = std::filesystem::path(*m_options.config_path);
    if (repo_file.is_relative()) repo_file = std::filesystem::path(m_options.repo_path) / repo_file;
    if (!std::filesystem::is_regular_file(repo_file, ec))
      return fail(ErrorKind::config, fmt::format("config error: --config: no such file: {}", repo_file.string()));
  } else if (!repo_root.empty() && std::filesystem::is_regular_file(repo_root / ".review.toml", ec)) {
    repo_file = repo_root / ".review.toml";
  }
  if (!repo_file.empty()) {
    if (auto r = apply_file(repo_file, OriginKind::repo_file, config); !r) return std::unexpected(r.error());
    config.repo_config_file = repo_file.string();
  }

  if (auto r = apply_environment(); !r) return std::unexpected(r.error());
  if (auto r = apply_flags(); !r) return std::unexpected(r.error());
  return materialise(std::move(config));
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** e = ::environ; e && *e; ++e) {
    std::string_view entry(*e);
    std::size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    std::string name(entry.substr(0, eq));
    if (starts_with(name, "REVIEW_") || name == "XDG_CONFIG_HOME" || name == "HOME")
      env[name] = std::string(entry.substr(eq + 1));
  }
  return env;
}

}  // namespace

std::string ValueOrigin::describe() const {
  switch (kind) {
    case OriginKind::default_value: return "default";
    case OriginKind::user_file: return fmt::format("user {}:{}", file, line);
    case OriginKind::repo_file: return fmt::format("repo {}:{}", file, line);
    case OriginKind::environment: return "env " + name;
    case OriginKind::flag: return "flag " + name;
  }
  return "default";
}

std::span<const KeyInfo> config_keys() { return k_keys; }

std::string env_name_for(std::string_view key) {
  if (starts_with(key, "reviewers.")) return "";
  std::string out = "REVIEW_";
  for (char c : key) out += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

const ReviewerConfig* Config::reviewer(std::string_view name) const {
  for (const auto& r : reviewers)
    if (r.name == name) return &r;
  return nullptr;
}

bool Config::is_set(std::string_view key) const {
  for (const auto& e : entries)
    if (e.key == key) return e.origin.kind != OriginKind::default_value;
  return false;
}

std::filesystem::path user_config_path() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg) return std::filesystem::path(xdg) / "review" / "config.toml";
  const char* home = std::getenv("HOME");
  if (home && *home) return std::filesystem::path(home) / ".config" / "review" / "config.toml";
  return "review/config.toml";
}

Expected<Config> load_config(const Options& options, const std::filesystem::path& repo_root,
                             const std::map<std::string, std::string>& environment) {
  Loader loader(options, environment);
  auto config = loader.load(repo_root);
  if (config)
    for (const auto& w : config->warnings) std::fprintf(stderr, "review: warning: %s\n", w.c_str());
  return config;
}

Expected<Config> load_config(const Options& options, const std::filesystem::path& repo_root) {
  return load_config(options, repo_root, process_environment());
}

std::filesystem::path find_repo_root(const std::filesystem::path& start) {
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, start.c_str(), 0, nullptr) != 0) {
    git_error_clear();
    return {};
  }
  RepoHandle repo(raw);
  const char* workdir = git_repository_workdir(repo.get());
  if (!workdir) return {};
  return std::filesystem::path(workdir).lexically_normal().parent_path();  // workdir ends with '/' 
}

std::string commented_default_config() {
  std::string out =
      "# .review.toml: configuration of `review` for this repository.\n"
      "# Every key is listed with its default, commented out: uncomment a line to change it.\n"
      "# Precedence: flags > REVIEW_* environment > this file > ~/.config/review/config.toml > defaults.\n"
      "# `review config` shows each effective value and where it came from.\n"
      "# llm.provider, llm.base_url and llm.api_key_env are ignored here unless review runs with\n"
      "# --trust-repo-config: set them in your user config or the environment instead.\n";
  std::string section;
  auto emit_key = [&](const KeyInfo& info, std::string_view name) {
    out += fmt::format("\n# {}", info.doc);
    if (!info.allowed.empty()) out += fmt::format(" ({})", fmt::join(split(info.allowed, '|'), ", "));
    if (info.trust == KeyTrust::trusted_only) out += " [not from a repository config without --trust-repo-config]";
    std::string env = env_name_for(info.key);
    if (!env.empty() || !info.flag.empty()) {
      out += "\n# Also:";
      if (!env.empty()) out += " " + env;
      if (!info.flag.empty()) out += (env.empty() ? " " : ", ") + std::string(info.flag);
    }
    out += fmt::format("\n# {} = {}\n", name, info.default_toml);
  };
  for (const auto& info : k_keys) {
    if (is_reviewer_key(info)) continue;
    std::string_view key = info.key;
    std::size_t dot = key.find('.');
    std::string this_section = dot == std::string_view::npos ? "" : std::string(key.substr(0, dot));
    if (this_section != section) {
      section = this_section;
      out += fmt::format("\n[{}]\n", section);
    }
    emit_key(info, dot == std::string_view::npos ? key : key.substr(dot + 1));
  }
  for (auto name : k_default_reviewers) {
    out += fmt::format("\n[reviewers.{}]\n", name);
    for (const auto& info : k_keys)
      if (is_reviewer_key(info) && info.key != "reviewers.*.taxonomy")
        emit_key(info, info.key.substr(k_reviewer_prefix.size()));
  }
  out +=
      "\n# A custom reviewer: a name, a taxonomy, and voters — built-in ones running your rule\n"
      "# packs, LLM ones with your prompt, or commands.\n"
      "# [reviewers.licensing]\n"
      "# taxonomy = [\"missing-header\", \"incompatible-license\"]\n"
      "# rule_packs = [\"tools/review/licensing.toml\"]\n"
      "# voters = [\n"
      "#   { kind = \"builtin\" },\n"
      "#   { kind = \"llm\", prompt = \"tools/review/licensing.md\", weight = 2 },\n"
      "#   { kind = \"command\", command = \"tools/review/check-licenses\" },\n"
      "# ]\n"
      "# strategy = \"weighted\"\n";
  return out;
}

}  // namespace review
