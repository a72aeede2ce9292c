// Process-wide parse cache for the built-in voters; see parsed_source.h.
#include "reviewers/builtin/parsed_source.h"

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <utility>

#include "git/grammar.h"
#include "util/text.h"
#include "util/parallel.h"

namespace review::builtin {

ParsedSource::ParsedSource(std::string language, std::string text, int line_offset, TsTreePtr tree)
    : m_language(std::move(language)), m_text(std::move(text)), m_line_offset(line_offset), m_tree(std::move(tree)) {}

TsTreePtr ParsedSource::copy_tree() const { return TsTreePtr(ts_tree_copy(m_tree.get())); }

namespace {

constexpr std::size_t k_cache_entries = 64;
constexpr std::size_t k_prepared_requests = 32;  ///< half the cache: other voters parse meanwhile
constexpr std::uint64_t k_parse_timeout_us = 2'000'000;

struct Entry {
  std::once_flag once;
  std::shared_ptr<const ParsedSource> parsed;
};

struct Cache {
  std::mutex mutex;
  std::map<std::uint64_t, std::shared_ptr<Entry>> entries;
  std::deque<std::uint64_t> order;  ///< insertion order, for eviction
};

Cache& cache() {
  static Cache c;
  return c;
}

std::shared_ptr<const ParsedSource> parse_now(std::string_view language, std::string_view text, int line_offset) {
  const TSLanguage* grammar = grammar_for(language);
  if (!grammar) return nullptr;
  TsParserPtr parser(ts_parser_new());
  if (!ts_parser_set_language(parser.get(), grammar)) return nullptr;
  ts_parser_set_timeout_micros(parser.get(), k_parse_timeout_us);
  std::string copy(text);
  TsTreePtr tree(ts_parser_parse_string(parser.get(), nullptr, copy.data(), static_cast<std::uint32_t>(copy.size())));
  if (!tree) return nullptr;
  return std::make_shared<const ParsedSource>(std::string(language), std::move(copy), line_offset, std::move(tree));
}

}  // namespace

std::shared_ptr<const ParsedSource> parse_text(std::string_view language, std::string_view text, int line_offset) {
  if (!grammar_for(language)) return nullptr;
  std::uint64_t key = fnv1a64(text, fnv1a64(language) ^ static_cast<std::uint64_t>(line_offset));
  std::shared_ptr<Entry> entry;
  {
    Cache& c = cache();
    std::lock_guard lock(c.mutex);
    auto& slot = c.entries[key];
    if (!slot) {
      slot = std::make_shared<Entry>();
      c.order.push_back(key);
      if (c.order.size() > k_cache_entries) {
        c.entries.erase(c.order.front());  // holders keep their shared_ptr alive
        c.order.pop_front();
      }
    }
    entry = slot;
  }
  std::call_once(entry->once, [&] { entry->parsed = parse_now(language, text, line_offset); });
  if (entry->parsed && (entry->parsed->text() != text || entry->parsed->language() != language))
    return parse_now(language, text, line_offset);  // hash collision: never share a wrong tree
  return entry->parsed;
}

std::vector<std::shared_ptr<const ParsedSource>> parse_for_prepare(std::span<const VoteRequest> requests) {
  std::vector<std::shared_ptr<const ParsedSource>> out(std::min(requests.size(), k_prepared_requests));
  run_parallel(out.size(), [&](std::size_t i) { out[i] = parse_for(requests[i]); });
  return out;
}

namespace {

bool has_error(const ParsedSource& parsed) {
  TsTreePtr tree = parsed.copy_tree();
  return ts_node_has_error(ts_tree_root_node(tree.get()));
}

/// `code` inside a class body (a method or field cut out of one), parsed one line earlier.
std::shared_ptr<const ParsedSource> parse_wrapped(const Chunk& chunk) {
  std::string wrapped = "class __review_chunk__ {\n" + chunk.code + "\n}\n";
  return parse_text(chunk.language, wrapped, chunk.start_line - 2);
}

}  // namespace

std::shared_ptr<const ParsedSource> parse_for(const VoteRequest& request) {
  const Chunk& chunk = *request.chunk;
  bool js = chunk.language == "javascript" || chunk.language == "typescript" || chunk.language == "tsx";
  if (chunk.class_member) {
    // The chunker saw JS/TS class members: the wrapped parse is the one that holds; the plain
    // parse below is only the fallback when it has errors anyway.
    auto member = parse_wrapped(chunk);
    if (member && !has_error(*member)) return member;
  }
  auto parsed = parse_text(chunk.language, chunk.code, chunk.start_line - 1);
  if (!parsed || !js) return parsed;
  if (!has_error(*parsed)) return parsed;
  // A method or field cut out of a class body: parse it inside one.
  auto retry = parse_wrapped(chunk);
  if (!retry) return parsed;
  return has_error(*retry) ? parsed : retry;
}

}  // namespace review::builtin
