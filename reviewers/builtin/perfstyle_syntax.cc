// Node kind tables per grammar, the parse cache and node helpers (see perfstyle_syntax.h).
// The kind names come from each grammar's src/node-types.json (npm tree-sitter-* 0.23.x);
// perfstyle_syntax_test.cc checks that every name resolves to a symbol of its grammar
// (unresolved_kind_names).
#include "reviewers/builtin/perfstyle_syntax.h"

#include <algorithm>
#include <array>
#include <map>
#include <mutex>

#include "git/grammar.h"
#include "util/text.h"

namespace review::perfstyle {

namespace {

// Kind names that matched no symbol of their grammar (see unresolved_kind_names()).
std::mutex g_unresolved_mutex;
std::vector<std::string> g_unresolved;

}  // namespace

KindSet::KindSet(const TSLanguage* language, std::initializer_list<std::string_view> names) {
  uint32_t count = ts_language_symbol_count(language);
  m_symbols.assign(count, false);
  std::vector<bool> found(names.size(), false);
  for (uint32_t s = 0; s < count; ++s) {
    if (ts_language_symbol_type(language, static_cast<TSSymbol>(s)) != TSSymbolTypeRegular) continue;
    std::string_view name = ts_language_symbol_name(language, static_cast<TSSymbol>(s));
    auto it = std::find(names.begin(), names.end(), name);
    if (it != names.end()) {
      m_symbols[s] = true;
      m_empty = false;
      found[static_cast<size_t>(it - names.begin())] = true;
    }
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (found[i]) continue;
    std::lock_guard lock(g_unresolved_mutex);
    g_unresolved.emplace_back(names.begin()[i]);
  }
}

std::vector<std::string> unresolved_kind_names() {
  for (const char* language : {"c", "cpp", "python", "javascript", "typescript", "tsx", "go", "rust", "java"})
    language_syntax(language);
  std::lock_guard lock(g_unresolved_mutex);
  return g_unresolved;
}

namespace {

LanguageSyntax make_c_family(std::string_view id, const TSLanguage* g, bool cpp) {
  LanguageSyntax s;
  s.language = std::string(id);
  s.grammar = g;
  s.loops = cpp ? KindSet(g, {"for_statement", "while_statement", "do_statement", "for_range_loop"})
                : KindSet(g, {"for_statement", "while_statement", "do_statement"});
  s.functions = KindSet(g, {"function_definition"});
  if (cpp) s.lambdas = KindSet(g, {"lambda_expression"});
  s.classes = cpp ? KindSet(g, {"class_specifier", "struct_specifier", "union_specifier", "enum_specifier"})
                  : KindSet(g, {"struct_specifier", "union_specifier", "enum_specifier"});
  s.calls = KindSet(g, {"call_expression"});
  if (cpp) s.constructions = KindSet(g, {"new_expression"});
  s.comments = KindSet(g, {"comment"});
  s.strings = cpp ? KindSet(g, {"string_literal", "concatenated_string", "raw_string_literal"})
                  : KindSet(g, {"string_literal", "concatenated_string"});
  s.numbers = KindSet(g, {"number_literal"});
  s.branches = cpp ? KindSet(g, {"if_statement", "case_statement", "conditional_expression", "for_statement",
                                 "while_statement", "do_statement", "for_range_loop", "catch_clause"})
                   : KindSet(g, {"if_statement", "case_statement", "conditional_expression", "for_statement",
                                 "while_statement", "do_statement"});
  s.nesting = cpp ? KindSet(g, {"if_statement", "for_statement", "while_statement", "do_statement",
                                "switch_statement", "for_range_loop", "try_statement"})
                  : KindSet(g, {"if_statement", "for_statement", "while_statement", "do_statement", "switch_statement"});
  if (cpp) s.catches = KindSet(g, {"catch_clause"});
  s.binary = KindSet(g, {"binary_expression"});
  s.identifiers = KindSet(g, {"identifier"});
  s.blocks = KindSet(g, {"compound_statement"});
  return s;
}

LanguageSyntax make_python(const TSLanguage* g) {
  LanguageSyntax s;
  s.language = "python";
  s.grammar = g;
  s.loops = KindSet(g, {"for_statement", "while_statement", "list_comprehension", "set_comprehension",
                        "dictionary_comprehension", "generator_expression"});
  s.functions = KindSet(g, {"function_definition"});
  s.lambdas = KindSet(g, {"lambda"});
  s.classes = KindSet(g, {"class_definition"});
  s.calls = KindSet(g, {"call"});
  s.comments = KindSet(g, {"comment"});
  s.strings = KindSet(g, {"string", "concatenated_string"});
  s.numbers = KindSet(g, {"integer", "float"});
  s.branches = KindSet(g, {"if_statement", "elif_clause", "for_statement", "while_statement", "except_clause",
                           "conditional_expression", "case_clause", "for_in_clause", "if_clause"});
  s.nesting = KindSet(g, {"if_statement", "for_statement", "while_statement", "try_statement", "with_statement",
                          "match_statement"});
  s.catches = KindSet(g, {"except_clause"});
  s.binary = KindSet(g, {"binary_operator", "comparison_operator", "boolean_operator"});
  s.identifiers = KindSet(g, {"identifier"});
  s.blocks = KindSet(g, {"block"});
  return s;
}

LanguageSyntax make_javascript_family(std::string_view id, const TSLanguage* g, bool typed) {
  LanguageSyntax s;
  s.language = std::string(id);
  s.grammar = g;
  s.loops = KindSet(g, {"for_statement", "for_in_statement", "while_statement", "do_statement"});
  s.functions = KindSet(g, {"function_declaration", "generator_function_declaration", "method_definition"});
  s.lambdas = KindSet(g, {"arrow_function", "function_expression", "generator_function"});
  s.classes = typed ? KindSet(g, {"class_declaration", "abstract_class_declaration", "interface_declaration",
                                  "type_alias_declaration", "enum_declaration"})
                    : KindSet(g, {"class_declaration"});
  s.calls = KindSet(g, {"call_expression"});
  s.constructions = KindSet(g, {"new_expression"});
  s.comments = KindSet(g, {"comment"});
  s.strings = KindSet(g, {"string", "template_string"});
  s.numbers = KindSet(g, {"number"});
  s.branches = KindSet(g, {"if_statement", "for_statement", "for_in_statement", "while_statement", "do_statement",
                           "switch_case", "catch_clause", "ternary_expression"});
  s.nesting = KindSet(g, {"if_statement", "for_statement", "for_in_statement", "while_statement", "do_statement",
                          "switch_statement", "try_statement"});
  s.catches = KindSet(g, {"catch_clause"});
  s.binary = KindSet(g, {"binary_expression"});
  s.identifiers = KindSet(g, {"identifier"});
  s.blocks = KindSet(g, {"statement_block"});
  return s;
}

LanguageSyntax make_go(const TSLanguage* g) {
  LanguageSyntax s;
  s.language = "go";
  s.grammar = g;
  s.loops = KindSet(g, {"for_statement"});
  s.functions = KindSet(g, {"function_declaration", "method_declaration"});
  s.lambdas = KindSet(g, {"func_literal"});
  s.classes = KindSet(g, {"type_spec"});
  s.calls = KindSet(g, {"call_expression"});
  s.comments = KindSet(g, {"comment"});
  s.strings = KindSet(g, {"interpreted_string_literal", "raw_string_literal"});
  s.numbers = KindSet(g, {"int_literal", "float_literal"});
  s.branches = KindSet(g, {"if_statement", "for_statement", "expression_case", "type_case", "communication_case"});
  s.nesting = KindSet(g, {"if_statement", "for_statement", "expression_switch_statement", "type_switch_statement",
                          "select_statement"});
  s.binary = KindSet(g, {"binary_expression"});
  s.identifiers = KindSet(g, {"identifier"});
  s.blocks = KindSet(g, {"block"});
  return s;
}

LanguageSyntax make_rust(const TSLanguage* g) {
  LanguageSyntax s;
  s.language = "rust";
  s.grammar = g;
  s.loops = KindSet(g, {"for_expression", "while_expression", "loop_expression"});
  s.functions = KindSet(g, {"function_item"});
  s.lambdas = KindSet(g, {"closure_expression"});
  s.classes = KindSet(g, {"struct_item", "enum_item", "trait_item", "type_item", "union_item"});
  s.calls = KindSet(g, {"call_expression", "macro_invocation"});
  s.comments = KindSet(g, {"line_comment", "block_comment"});
  s.strings = KindSet(g, {"string_literal", "raw_string_literal"});
  s.numbers = KindSet(g, {"integer_literal", "float_literal"});
  s.branches = KindSet(g, {"if_expression", "match_arm", "for_expression", "while_expression", "loop_expression"});
  s.nesting = KindSet(g, {"if_expression", "for_expression", "while_expression", "loop_expression", "match_expression"});
  s.binary = KindSet(g, {"binary_expression"});
  s.identifiers = KindSet(g, {"identifier"});
  s.blocks = KindSet(g, {"block"});
  return s;
}

LanguageSyntax make_java(const TSLanguage* g) {
  LanguageSyntax s;
  s.language = "java";
  s.grammar = g;
  s.loops = KindSet(g, {"for_statement", "enhanced_for_statement", "while_statement", "do_statement"});
  s.functions = KindSet(g, {"method_declaration", "constructor_declaration"});
  s.lambdas = KindSet(g, {"lambda_expression"});
  s.classes = KindSet(g, {"class_declaration", "interface_declaration", "enum_declaration", "record_declaration"});
  s.calls = KindSet(g, {"method_invocation"});
  s.constructions = KindSet(g, {"object_creation_expression"});
  s.comments = KindSet(g, {"line_comment", "block_comment"});
  s.strings = KindSet(g, {"string_literal"});
  s.numbers = KindSet(g, {"decimal_integer_literal", "decimal_floating_point_literal", "hex_integer_literal",
                          "octal_integer_literal", "binary_integer_literal"});
  s.branches = KindSet(g, {"if_statement", "for_statement", "enhanced_for_statement", "while_statement",
                           "do_statement", "catch_clause", "ternary_expression", "switch_label"});
  s.nesting = KindSet(g, {"if_statement", "for_statement", "enhanced_for_statement", "while_statement",
                          "do_statement", "switch_expression", "try_statement", "try_with_resources_statement"});
  s.catches = KindSet(g, {"catch_clause"});
  s.binary = KindSet(g, {"binary_expression"});
  s.identifiers = KindSet(g, {"identifier"});
  s.blocks = KindSet(g, {"block"});
  return s;
}

// One language's tables, built on first use: a run usually meets one to three languages, and
// resolving every kind name of all nine grammars up front costs more than a chunk's review.
struct SyntaxSlot {
  std::string_view id;
  LanguageSyntax (*make)();
  std::once_flag once;
  LanguageSyntax syntax;
};

}  // namespace

const LanguageSyntax* language_syntax(std::string_view language) {
  static SyntaxSlot slots[] = {
      {"c", [] { return make_c_family("c", grammar_for("c"), false); }, {}, {}},
      {"cpp", [] { return make_c_family("cpp", grammar_for("cpp"), true); }, {}, {}},
      {"python", [] { return make_python(grammar_for("python")); }, {}, {}},
      {"javascript", [] { return make_javascript_family("javascript", grammar_for("javascript"), false); }, {}, {}},
      {"typescript", [] { return make_javascript_family("typescript", grammar_for("typescript"), true); }, {}, {}},
      {"tsx", [] { return make_javascript_family("tsx", grammar_for("tsx"), true); }, {}, {}},
      {"go", [] { return make_go(grammar_for("go")); }, {}, {}},
      {"rust", [] { return make_rust(grammar_for("rust")); }, {}, {}},
      {"java", [] { return make_java(grammar_for("java")); }, {}, {}},
  };
  for (SyntaxSlot& slot : slots) {
    if (slot.id != language) continue;
    std::call_once(slot.once, [&] { slot.syntax = slot.make(); });
    return &slot.syntax;
  }
  return nullptr;
}

std::optional<SyntaxView> SyntaxView::open(const VoteRequest& request) {
  if (!request.chunk) return std::nullopt;
  const LanguageSyntax* syntax = language_syntax(request.chunk->language);
  if (!syntax) return std::nullopt;
  auto parsed = builtin::parse_for(request);
  if (!parsed) return std::nullopt;
  return SyntaxView(std::move(parsed), *syntax, request);
}

SyntaxView::SyntaxView(std::shared_ptr<const builtin::ParsedSource> source, const LanguageSyntax& syntax,
                       const VoteRequest& request)
    : m_source(std::move(source)), m_syntax(&syntax), m_tree(m_source->copy_tree()), m_request(&request),
      m_first_line(m_source->line_offset() + 1) {}

std::string_view SyntaxView::source_text() const { return m_source->text(); }

std::string_view SyntaxView::file_text() const {
  const FileDiff* file = m_request->file;
  if (file && file->has_post_image && !file->post_image.empty()) return file->post_image;
  return m_source->text();
}

const std::string& SyntaxView::path() const { return m_request->chunk->path; }

std::string_view SyntaxView::text(TSNode node) const {
  uint32_t b = ts_node_start_byte(node), e = ts_node_end_byte(node);
  std::string_view t = m_source->text();
  if (b > t.size() || e > t.size() || e < b) return {};
  return t.substr(b, e - b);
}

int SyntaxView::end_line(TSNode node) const {
  TSPoint p = ts_node_end_point(node);
  // A node ending at column 0 ends on the previous line (its trailing newline).
  int row = static_cast<int>(p.row);
  if (p.column == 0 && row > static_cast<int>(ts_node_start_point(node).row)) --row;
  return row + m_first_line;
}

std::string_view SyntaxView::line_text(int line) const {
  int index = line - m_first_line;
  if (!m_lines)
    m_lines = memo<std::vector<std::string_view>>("lines", [](const SyntaxView& v) {
      return std::make_shared<std::vector<std::string_view>>(split_lines(v.source_text()));
    });
  if (index < 0 || index >= static_cast<int>(m_lines->size())) return {};
  return (*m_lines)[static_cast<size_t>(index)];
}

bool SyntaxView::in_chunk(TSNode node) const {
  return start_line(node) <= m_request->chunk->end_line && end_line(node) >= m_request->chunk->start_line;
}

bool SyntaxView::is_changed(int line) const {
  const auto& changed = m_request->chunk->changed_lines;
  return std::binary_search(changed.begin(), changed.end(), line);
}

int SyntaxView::clamp(int line) const {
  return std::clamp(line, m_request->chunk->start_line, std::max(m_request->chunk->start_line, m_request->chunk->end_line));
}

bool SyntaxView::listed_index(TSNode node, uint32_t& index) const {
  const auto& by_id = chunk_list().by_id;
  auto at = std::lower_bound(by_id.begin(), by_id.end(), node.id,
                             [](const std::pair<const void*, uint32_t>& e, const void* id) { return e.first < id; });
  if (at == by_id.end() || at->first != node.id) return false;
  index = at->second;
  return true;
}

bool SyntaxView::listed_descendants(TSNode node, uint32_t& first, uint32_t& last) const {
  const ChunkNodes& list = chunk_list();
  if (node.id == ts_tree_root_node(m_tree.get()).id) {
    if (!list.complete) return false;
    first = 0;
    last = static_cast<uint32_t>(list.nodes.size());
    return true;
  }
  uint32_t index = 0;
  if (!listed_index(node, index)) return false;
  if (!list.complete) {
    // All descendants meet the chunk when the node's rows lie within it (raw end row: a
    // descendant may start at the end point).
    int start = start_line(node), end = static_cast<int>(ts_node_end_point(node).row) + m_first_line;
    if (start < m_request->chunk->start_line || end > m_request->chunk->end_line) return false;
  }
  first = index + 1;
  last = list.next[index];
  return true;
}

TSNode SyntaxView::parent(TSNode node) const {
  uint32_t index = 0;
  if (listed_index(node, index)) {
    uint32_t p = m_chunk_nodes->parent[index];
    return p == ChunkNodes::k_root ? root() : retarget(m_chunk_nodes->nodes[p]);
  }
  if (!m_parents) m_parents = parent_index(m_source);
  auto it = m_parents->parents.find(node.id);
  if (it == m_parents->parents.end()) return ts_node_parent(node);  // not from this tree
  TSNode p = it->second;
  if (p.id == m_parents->root_id) return root();
  p.tree = m_tree.get();  // same subtrees, this thread's copy
  return p;
}

namespace {

struct IndexEntry {
  std::weak_ptr<const builtin::ParsedSource> source;
  std::once_flag once;
  std::shared_ptr<const ParentIndex> index;
};

std::shared_ptr<const ParentIndex> build_parent_index(const builtin::ParsedSource& source) {
  auto index = std::make_shared<ParentIndex>();
  builtin::TsTreePtr tree = source.copy_tree();
  TSNode root = ts_tree_root_node(tree.get());
  index->root_id = root.id;
  index->parents.reserve(source.text().size() / 3 + 16);
  // Preorder walk with an explicit ancestor stack.
  std::vector<TSNode> stack{root};
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  bool down = ts_tree_cursor_goto_first_child(&cursor);
  while (true) {
    if (down) {
      TSNode n = ts_tree_cursor_current_node(&cursor);
      index->parents.emplace(n.id, stack.back());
      if (ts_tree_cursor_goto_first_child(&cursor)) {
        stack.push_back(n);
        continue;
      }
    }
    if (ts_tree_cursor_goto_next_sibling(&cursor)) {
      down = true;
      continue;
    }
    if (!ts_tree_cursor_goto_parent(&cursor)) break;
    stack.pop_back();
    down = false;
  }
  ts_tree_cursor_delete(&cursor);
  // The tree copy dies here; the stored nodes keep pointing into the shared subtrees, and
  // SyntaxView::parent() re-targets them to its own copy before use.
  for (auto& [id, p] : index->parents) p.tree = nullptr;
  return index;
}

}  // namespace

std::shared_ptr<const void> SyntaxView::memo_erased(
    std::string_view slot, const std::function<std::shared_ptr<const void>(const SyntaxView&)>& build) const {
  struct Memo {
    std::weak_ptr<const builtin::ParsedSource> source;
    std::string slot;
    std::once_flag once;
    std::shared_ptr<const void> value;
  };
  static std::mutex mutex;
  static std::vector<std::pair<const builtin::ParsedSource*, std::shared_ptr<Memo>>> entries;
  constexpr size_t k_capacity = 256;
  std::shared_ptr<Memo> entry;
  {
    std::lock_guard lock(mutex);
    for (auto& [key, e] : entries)
      if (key == m_source.get() && e->slot == slot && e->source.lock() == m_source) entry = e;
    if (!entry) {
      entry = std::make_shared<Memo>();
      entry->source = m_source;
      entry->slot = std::string(slot);
      entries.emplace_back(m_source.get(), entry);
      if (entries.size() > k_capacity) entries.erase(entries.begin());
    }
  }
  std::call_once(entry->once, [&] { entry->value = build(*this); });
  return entry->value;
}

std::shared_ptr<const void> SyntaxView::file_memo_erased(
    std::string_view slot, const std::function<std::shared_ptr<const void>(const SyntaxView&)>& build) const {
  struct Memo {
    std::string text;  // the file's text (compared on lookup: a hash alone could collide)
    std::string slot;
    std::once_flag once;
    std::shared_ptr<const void> value;
  };
  static std::mutex mutex;
  // Keyed by where the text lives and its size (cheap), confirmed by comparing the text.
  static std::vector<std::pair<std::pair<const char*, size_t>, std::shared_ptr<Memo>>> entries;
  constexpr size_t k_capacity = 128;
  std::string_view text = file_text();
  std::pair<const char*, size_t> key{text.data(), text.size()};
  std::shared_ptr<Memo> entry;
  {
    std::lock_guard lock(mutex);
    for (auto& [k, e] : entries)
      if (k == key && e->slot == slot && e->text == text) entry = e;
    if (!entry) {
      entry = std::make_shared<Memo>();
      entry->text = std::string(text);
      entry->slot = std::string(slot);
      entries.emplace_back(key, entry);
      if (entries.size() > k_capacity) entries.erase(entries.begin());
    }
  }
  std::call_once(entry->once, [&] { entry->value = build(*this); });
  return entry->value;
}

std::shared_ptr<const ParentIndex> parent_index(const std::shared_ptr<const builtin::ParsedSource>& source) {
  static std::mutex mutex;
  static std::vector<std::pair<const builtin::ParsedSource*, std::shared_ptr<IndexEntry>>> entries;
  constexpr size_t k_capacity = 64;
  std::shared_ptr<IndexEntry> entry;
  {
    std::lock_guard lock(mutex);
    for (auto& [key, e] : entries)
      if (key == source.get() && e->source.lock() == source) entry = e;
    if (!entry) {
      entry = std::make_shared<IndexEntry>();
      entry->source = source;
      entries.emplace_back(source.get(), entry);
      if (entries.size() > k_capacity) entries.erase(entries.begin());
    }
  }
  std::call_once(entry->once, [&] { entry->index = build_parent_index(*source); });
  return entry->index;
}

namespace {

struct ChunkNodesEntry {
  std::weak_ptr<const builtin::ParsedSource> source;
  int start_line = 0, end_line = 0;
  std::once_flag once;
  std::shared_ptr<const ChunkNodes> nodes;
};

// The nodes walk_chunk visits: a cursor walk that prunes nodes outside the chunk. Children
// that end before the chunk's first line are skipped in one library call
// (ts_tree_cursor_goto_first_child_for_byte, which steps over them without building nodes),
// and a level stops at the first node starting after the chunk (siblings are in document
// order), so the cost is that of the chunk, not of the file.
std::shared_ptr<const ChunkNodes> build_chunk_nodes(const SyntaxView& view) {
  auto out = std::make_shared<ChunkNodes>();
  TSNode root = view.root();
  if (!view.in_chunk(root)) return out;
  const Chunk& chunk = *view.request().chunk;
  // Every child ending before byte `goal` ends before the chunk's first line (so outside it);
  // one byte short of that line's start, so that a zero-width node at its start is kept
  // whichever way (> or >=) the library compares.
  uint32_t goal = 0;
  std::string_view first = view.line_text(chunk.start_line);
  std::string_view text = view.source_text();
  if (chunk.start_line > view.first_line() && first.data() >= text.data() && first.data() <= text.data() + text.size()) {
    auto offset = static_cast<uint32_t>(first.data() - text.data());
    if (offset > 1) goal = offset - 1;
  }
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  bool complete = true;  // no node left out so far
  // Moves to the first child that may meet the chunk; false if there is none.
  auto enter = [&](TSNode parent) {
    if (goal > 0 && ts_node_start_byte(parent) < goal) {
      int64_t skipped = ts_tree_cursor_goto_first_child_for_byte(&cursor, goal);
      if (skipped > 0) complete = false;
      if (skipped >= 0) return true;
    }
    return ts_tree_cursor_goto_first_child(&cursor);  // also when the library found none: scan
  };
  std::vector<uint32_t> open;  // indexes of the emitted ancestors of the cursor's node
  bool here = enter(root);
  while (true) {
    if (here) {
      TSNode n = ts_tree_cursor_current_node(&cursor);
      if (view.start_line(n) > chunk.end_line) {
        here = false;  // this and all later siblings start after the chunk
        complete = false;
      } else {
        if (view.end_line(n) < chunk.start_line) {
          complete = false;
        } else {
          auto index = static_cast<uint32_t>(out->nodes.size());
          TSNode stored = n;
          stored.tree = nullptr;
          out->nodes.push_back(stored);
          out->next.push_back(index + 1);
          out->parent.push_back(open.empty() ? ChunkNodes::k_root : open.back());
          if (enter(n)) {
            open.push_back(index);
            continue;
          }
        }
        here = ts_tree_cursor_goto_next_sibling(&cursor);
        if (here) continue;
      }
    }
    if (open.empty()) break;
    ts_tree_cursor_goto_parent(&cursor);
    out->next[open.back()] = static_cast<uint32_t>(out->nodes.size());
    open.pop_back();
    here = ts_tree_cursor_goto_next_sibling(&cursor);
  }
  ts_tree_cursor_delete(&cursor);
  out->complete = complete;
  out->by_id.reserve(out->nodes.size());
  for (uint32_t i = 0; i < out->nodes.size(); ++i) out->by_id.emplace_back(out->nodes[i].id, i);
  std::sort(out->by_id.begin(), out->by_id.end());
  return out;
}

}  // namespace

std::shared_ptr<const ChunkNodes> SyntaxView::chunk_nodes() const {
  static std::mutex mutex;
  static std::vector<std::pair<const builtin::ParsedSource*, std::shared_ptr<ChunkNodesEntry>>> entries;
  constexpr size_t k_capacity = 64;
  const Chunk& chunk = *m_request->chunk;
  std::shared_ptr<ChunkNodesEntry> entry;
  {
    std::lock_guard lock(mutex);
    for (auto& [key, e] : entries)
      if (key == m_source.get() && e->start_line == chunk.start_line && e->end_line == chunk.end_line &&
          e->source.lock() == m_source)
        entry = e;
    if (!entry) {
      entry = std::make_shared<ChunkNodesEntry>();
      entry->source = m_source;
      entry->start_line = chunk.start_line;
      entry->end_line = chunk.end_line;
      entries.emplace_back(m_source.get(), entry);
      if (entries.size() > k_capacity) entries.erase(entries.begin());
    }
  }
  std::call_once(entry->once, [&] { entry->nodes = build_chunk_nodes(*this); });
  return entry->nodes;
}

TSNode field(TSNode node, const char* name) {
  if (!node.tree) return TSNode{};
  const TSLanguage* language = ts_tree_language(node.tree);
  // A small direct-mapped cache per thread, keyed by (grammar, name pointer) and confirmed by
  // comparing the name, so any char* works (names are almost always literals).
  struct Slot {
    const TSLanguage* language = nullptr;
    const char* key = nullptr;
    std::string name;
    TSFieldId id = 0;
  };
  thread_local std::array<Slot, 256> cache;
  auto hash = (reinterpret_cast<uintptr_t>(name) >> 3) ^ (reinterpret_cast<uintptr_t>(language) >> 4);
  Slot& slot = cache[(hash ^ (hash >> 8)) & 255];
  if (slot.language != language || slot.key != name || slot.name != name) {
    slot.language = language;
    slot.key = name;
    slot.name = name;
    slot.id = ts_language_field_id_for_name(language, name, static_cast<uint32_t>(slot.name.size()));
  }
  return ts_node_child_by_field_id(node, slot.id);
}

bool contains(TSNode outer, TSNode inner) {
  return ts_node_start_byte(outer) <= ts_node_start_byte(inner) && ts_node_end_byte(inner) <= ts_node_end_byte(outer);
}

}  // namespace review::perfstyle
