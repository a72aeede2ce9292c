// Language detection: .gitattributes linguist-language > extension > shebang.
#include "git/language.h"

#include <array>
#include <cctype>
#include <utility>

#include "util/text.h"

namespace review {

namespace {

struct Mapping {
  std::string_view key;
  std::string_view language;
};

constexpr std::array k_extensions{
    Mapping{".c", "c"},          Mapping{".h", "c"},           Mapping{".cc", "cpp"},
    Mapping{".cpp", "cpp"},      Mapping{".cxx", "cpp"},       Mapping{".c++", "cpp"},
    Mapping{".hh", "cpp"},       Mapping{".hpp", "cpp"},       Mapping{".hxx", "cpp"},
    Mapping{".h++", "cpp"},      Mapping{".ipp", "cpp"},       Mapping{".inl", "cpp"},
    Mapping{".py", "python"},    Mapping{".pyi", "python"},    Mapping{".pyw", "python"},
    Mapping{".js", "javascript"}, Mapping{".mjs", "javascript"}, Mapping{".cjs", "javascript"},
    Mapping{".jsx", "javascript"}, Mapping{".ts", "typescript"}, Mapping{".mts", "typescript"},
    Mapping{".cts", "typescript"}, Mapping{".tsx", "tsx"},      Mapping{".go", "go"},
    Mapping{".rs", "rust"},      Mapping{".java", "java"},
};

// GitHub Linguist language names (lower-cased) to our ids.
constexpr std::array k_linguist_names{
    Mapping{"c", "c"},          Mapping{"c++", "cpp"},        Mapping{"cpp", "cpp"},
    Mapping{"python", "python"}, Mapping{"javascript", "javascript"}, Mapping{"js", "javascript"},
    Mapping{"typescript", "typescript"}, Mapping{"tsx", "tsx"}, Mapping{"go", "go"},
    Mapping{"golang", "go"},    Mapping{"rust", "rust"},      Mapping{"java", "java"},
};

// Interpreter names in a shebang to our ids.
constexpr std::array k_interpreters{
    Mapping{"python", "python"}, Mapping{"python2", "python"}, Mapping{"python3", "python"},
    Mapping{"node", "javascript"}, Mapping{"nodejs", "javascript"}, Mapping{"deno", "typescript"},
    Mapping{"ts-node", "typescript"},
};

template <size_t N>
std::string lookup(const std::array<Mapping, N>& table, std::string_view key) {
  for (const auto& m : table)
    if (m.key == key) return std::string(m.language);
  return "";
}

std::string from_shebang(std::string_view head) {
  if (!head.starts_with("#!")) return "";
  std::string_view line = head.substr(2, head.find('\n') == std::string_view::npos ? head.size() - 2 : head.find('\n') - 2);
  line = trim(line);
  // "/usr/bin/env -S python3 -u" -> python3; "/usr/bin/python3.11" -> python3.11
  std::vector<std::string> words;
  for (auto& w : split(line, ' '))
    for (auto& word : split(w, '\t'))
      if (!word.empty()) words.push_back(word);
  if (words.empty()) return "";
  std::string prog = words[0].substr(words[0].rfind('/') == std::string::npos ? 0 : words[0].rfind('/') + 1);
  size_t i = 1;
  if (prog == "env") {
    // Skip options (-S, -u) and environment assignments (FOO=1).
    while (i < words.size() && (words[i].starts_with("-") || words[i].find('=') != std::string::npos)) ++i;
    if (i >= words.size()) return "";
    prog = words[i];
  }
  // Strip version suffixes like python3.11.
  while (!prog.empty() && (std::isdigit(static_cast<unsigned char>(prog.back())) || prog.back() == '.')) {
    std::string trimmed = prog.substr(0, prog.size() - 1);
    if (!lookup(k_interpreters, prog).empty()) break;
    prog = trimmed;
  }
  return lookup(k_interpreters, prog);
}

}  // namespace

std::string detect_language(std::string_view path, std::string_view head, const PathAttributes& attrs) {
  // linguist-language overrides everything, also when it names a language we have no
  // grammar for (then the file is of that language, not of what its extension suggests).
  if (attrs.linguist_language) return lookup(k_linguist_names, to_lower(trim(*attrs.linguist_language)));
  std::string_view name = path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
  size_t dot = name.rfind('.');
  if (dot != std::string_view::npos && dot != 0) {
    std::string lang = lookup(k_extensions, to_lower(name.substr(dot)));
    if (!lang.empty()) return lang;
    return "";
  }
  return from_shebang(head);
}

std::optional<std::string> generated_reason(std::string_view head, const PathAttributes& attrs) {
  if (attrs.linguist_generated) return std::string("generated");
  if (attrs.linguist_vendored) return std::string("vendored");
  // Markers in the first 5 lines: "@generated" (Facebook/Buck convention) and Go's
  // "Code generated … DO NOT EDIT." (https://go.dev/s/generatedcode).
  auto lines = split_lines(head.substr(0, 4096));
  for (size_t i = 0; i < lines.size() && i < 5; ++i) {
    std::string_view l = lines[i];
    if (l.find("@generated") != std::string_view::npos) return std::string("generated");
    size_t cg = l.find("Code generated ");
    if (cg != std::string_view::npos && l.find("DO NOT EDIT", cg) != std::string_view::npos)
      return std::string("generated");
  }
  return std::nullopt;
}

}  // namespace review
