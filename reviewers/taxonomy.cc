// Default taxonomies. Adding a category: append here and describe it in docs/taxonomy.md.
#include "reviewers/taxonomy.h"

#include <array>

namespace review {

namespace {

constexpr std::array k_security{
    CategoryInfo{"CWE-78", "OS command injection"},
    CategoryInfo{"CWE-89", "SQL injection"},
    CategoryInfo{"CWE-94", "Code injection (eval of untrusted input)"},
    CategoryInfo{"CWE-22", "Path traversal"},
    CategoryInfo{"CWE-79", "Cross-site scripting"},
    CategoryInfo{"CWE-798", "Hard-coded credentials or secret"},
    CategoryInfo{"CWE-502", "Deserialization of untrusted data"},
    CategoryInfo{"CWE-327", "Broken or risky cryptographic algorithm"},
    CategoryInfo{"CWE-328", "Weak hash"},
    CategoryInfo{"CWE-330", "Insufficiently random values"},
    CategoryInfo{"CWE-295", "Improper certificate validation"},
    CategoryInfo{"CWE-319", "Cleartext transmission of sensitive information"},
    CategoryInfo{"CWE-119", "Memory access outside a buffer's bounds (unchecked raw memory access)"},
    CategoryInfo{"CWE-120", "Buffer copy without checking size (classic overflow)"},
    CategoryInfo{"CWE-134", "Externally controlled format string"},
    CategoryInfo{"CWE-190", "Integer overflow or wraparound"},
    CategoryInfo{"CWE-416", "Use after free"},
    CategoryInfo{"CWE-476", "NULL pointer dereference"},
    CategoryInfo{"CWE-611", "XML external entity reference"},
    CategoryInfo{"CWE-918", "Server-side request forgery"},
    CategoryInfo{"CWE-601", "Open redirect"},
    CategoryInfo{"CWE-377", "Insecure temporary file"},
    CategoryInfo{"CWE-732", "Incorrect permission assignment"},
    CategoryInfo{"CWE-676", "Use of potentially dangerous function"},
    CategoryInfo{"CWE-1333", "Inefficient regular expression (ReDoS)"},
    CategoryInfo{"CWE-352", "Cross-site request forgery"},
    CategoryInfo{"CWE-200", "Exposure of sensitive information"},
    CategoryInfo{"CWE-209", "Error message containing sensitive information"},
    CategoryInfo{"CWE-532", "Sensitive information in log file"},
    CategoryInfo{"CWE-306", "Missing authentication for critical function"},
    CategoryInfo{"CWE-915", "Mass assignment / prototype pollution"},
    CategoryInfo{"CWE-1321", "Prototype pollution"},
    CategoryInfo{"CWE-400", "Uncontrolled resource consumption"},
    CategoryInfo{"CWE-20", "Improper input validation"},
};

constexpr std::array k_performance{
    CategoryInfo{"allocation-in-loop", "Allocation or construction repeated inside a loop"},
    CategoryInfo{"string-concat-in-loop", "String built by repeated concatenation in a loop"},
    CategoryInfo{"regex-in-loop", "Regular expression compiled inside a loop"},
    CategoryInfo{"io-in-loop", "I/O, flush or system call repeated inside a loop"},
    CategoryInfo{"sleep-in-loop", "Sleep or blocking wait inside a loop"},
    CategoryInfo{"copy-in-loop", "Container or large object copied inside a loop"},
    CategoryInfo{"query-in-loop", "Database query or network request inside a loop (N+1)"},
    CategoryInfo{"quadratic-loop", "Nested loops over related collections (quadratic)"},
    CategoryInfo{"linear-membership", "Membership test or search on a list inside a loop"},
    CategoryInfo{"sort-in-loop", "Sorting inside a loop"},
    CategoryInfo{"deep-loop-nesting", "Deeply nested loops"},
    CategoryInfo{"pass-by-value", "Large object passed or captured by value"},
    CategoryInfo{"inefficient-idiom", "Language-specific slow idiom"},
    CategoryInfo{"unbounded-growth", "Unbounded growth or missing reservation"},
};

constexpr std::array k_style{
    CategoryInfo{"complexity", "Function too long, too deeply nested, too many parameters or branches"},
    CategoryInfo{"naming", "Name breaks the language's naming convention"},
    CategoryInfo{"debug-code", "Debug print or leftover debugging aid"},
    CategoryInfo{"todo", "TODO/FIXME without a reference"},
    CategoryInfo{"commented-code", "Commented-out code"},
    CategoryInfo{"error-handling", "Empty or swallowing error handler"},
    CategoryInfo{"magic-number", "Unexplained numeric literal"},
    CategoryInfo{"line-length", "Overlong line"},
    CategoryInfo{"readability", "Other readability problem"},
};

}  // namespace

std::span<const CategoryInfo> default_taxonomy(std::string_view reviewer) {
  if (reviewer == "security") return k_security;
  if (reviewer == "performance") return k_performance;
  if (reviewer == "style") return k_style;
  return {};
}

std::string_view category_title(std::string_view reviewer, std::string_view category) {
  for (const auto& c : default_taxonomy(reviewer))
    if (c.id == category) return c.title;
  return "";
}

}  // namespace review
